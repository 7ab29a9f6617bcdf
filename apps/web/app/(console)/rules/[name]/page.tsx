import type { Metadata } from 'next';
import { RuleDetail } from '@/components/rules/rule-detail';
import { entityExists, notFoundUnlessExists } from '@/server/page-lookup';

type Params = { name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const name = decodeURIComponent((await params).name);
  return { title: (await entityExists('rule', name)) ? `Rule ${name}` : 'Not found' };
}

export default async function RulePage({ params }: { params: Promise<Params> }) {
  const name = decodeURIComponent((await params).name);
  await notFoundUnlessExists('rule', name);
  return <RuleDetail key={name} name={name} />;
}
