import type { Metadata } from 'next';
import { ActivationDetail } from '@/components/activations/activation-detail';
import { entityExists, notFoundUnlessExists } from '@/server/page-lookup';

type Params = { activationId: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { activationId } = await params;
  return { title: (await entityExists('activation', activationId)) ? `Activation ${activationId.slice(0, 12)}` : 'Not found' };
}

export default async function ActivationPage({ params }: { params: Promise<Params> }) {
  const { activationId } = await params;
  await notFoundUnlessExists('activation', activationId);
  return <ActivationDetail key={activationId} activationId={activationId} />;
}
