import type { Metadata } from 'next';
import { ActionsList } from '@/components/actions/actions-list';

export const metadata: Metadata = { title: 'Actions' };

export default function ActionsPage() {
  return <ActionsList />;
}
