import type { Metadata } from 'next';
import { DeploymentDetail } from '@/components/deployments/deployment-detail';
import { entityExists, notFoundUnlessExists } from '@/server/page-lookup';

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const id = decodeURIComponent((await params).id);
  return { title: (await entityExists('deployment', id)) ? `Deployment ${id.slice(0, 8)}` : 'Not found' };
}

export default async function DeploymentPage({ params }: { params: Promise<Params> }) {
  const id = decodeURIComponent((await params).id);
  await notFoundUnlessExists('deployment', id);
  return <DeploymentDetail key={id} id={id} />;
}
