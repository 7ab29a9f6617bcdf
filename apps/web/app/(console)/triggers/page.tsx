import type { Metadata } from 'next';
import { TriggersList } from '@/components/triggers/triggers-list';

export const metadata: Metadata = { title: 'Triggers' };

export default function TriggersPage() {
  return <TriggersList />;
}
