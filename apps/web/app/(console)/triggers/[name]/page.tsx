import type { Metadata } from 'next';
import { TriggerDetail } from '@/components/triggers/trigger-detail';
import { entityExists, notFoundUnlessExists } from '@/server/page-lookup';

type Params = { name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const name = decodeURIComponent((await params).name);
  return { title: (await entityExists('trigger', name)) ? `Trigger ${name}` : 'Not found' };
}

export default async function TriggerPage({ params }: { params: Promise<Params> }) {
  const name = decodeURIComponent((await params).name);
  await notFoundUnlessExists('trigger', name);
  return <TriggerDetail key={name} name={name} />;
}
