import type { Metadata } from 'next';
import { TriggerDetail } from '@/components/triggers/trigger-detail';

type Params = { name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Trigger ${decodeURIComponent((await params).name)}` };
}

export default async function TriggerPage({ params }: { params: Promise<Params> }) {
  const name = decodeURIComponent((await params).name);
  return <TriggerDetail key={name} name={name} />;
}
