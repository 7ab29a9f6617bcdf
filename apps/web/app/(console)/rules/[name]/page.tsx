import type { Metadata } from 'next';
import { RuleDetail } from '@/components/rules/rule-detail';

type Params = { name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Rule ${decodeURIComponent((await params).name)}` };
}

export default async function RulePage({ params }: { params: Promise<Params> }) {
  const name = decodeURIComponent((await params).name);
  return <RuleDetail key={name} name={name} />;
}
