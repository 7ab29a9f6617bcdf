import type { Metadata } from 'next';
import { PackagesList } from '@/components/packages/packages-list';

export const metadata: Metadata = { title: 'Packages' };

export default function PackagesPage() {
  return <PackagesList />;
}
