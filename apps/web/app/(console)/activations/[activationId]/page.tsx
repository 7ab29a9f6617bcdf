import type { Metadata } from 'next';
import { ActivationDetail } from '@/components/activations/activation-detail';

type Params = { activationId: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Activation ${(await params).activationId.slice(0, 12)}` };
}

export default async function ActivationPage({ params }: { params: Promise<Params> }) {
  const { activationId } = await params;
  return <ActivationDetail key={activationId} activationId={activationId} />;
}
