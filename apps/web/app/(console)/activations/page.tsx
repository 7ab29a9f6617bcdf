import type { Metadata } from 'next';
import { ActivationsExplorer } from '@/components/activations/activations-explorer';

export const metadata: Metadata = { title: 'Activations' };

export default function ActivationsPage() {
  return <ActivationsExplorer />;
}
