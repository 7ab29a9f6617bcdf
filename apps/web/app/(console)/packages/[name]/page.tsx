import type { Metadata } from 'next';
import { PackageDetail } from '@/components/packages/package-detail';

type Params = { name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Package ${decodeURIComponent((await params).name)}` };
}

export default async function PackagePage({ params }: { params: Promise<Params> }) {
  const name = decodeURIComponent((await params).name);
  // Keyed by name: another package gets a fresh form, not this one's draft.
  return <PackageDetail key={name} name={name} />;
}
