import type { Metadata } from 'next';
import { PackageDetail } from '@/components/packages/package-detail';
import { entityExists, notFoundUnlessExists } from '@/server/page-lookup';

type Params = { name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const name = decodeURIComponent((await params).name);
  return { title: (await entityExists('package', name)) ? `Package ${name}` : 'Not found' };
}

export default async function PackagePage({ params }: { params: Promise<Params> }) {
  const name = decodeURIComponent((await params).name);
  await notFoundUnlessExists('package', name);
  // Keyed by name: another package gets a fresh form, not this one's draft.
  return <PackageDetail key={name} name={name} />;
}
