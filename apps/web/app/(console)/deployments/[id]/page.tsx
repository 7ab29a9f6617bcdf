import type { Metadata } from 'next';
import { DeploymentDetail } from '@/components/deployments/deployment-detail';

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Deployment ${decodeURIComponent((await params).id).slice(0, 8)}` };
}

export default async function DeploymentPage({ params }: { params: Promise<Params> }) {
  const id = decodeURIComponent((await params).id);
  return <DeploymentDetail key={id} id={id} />;
}
