import type { Metadata } from 'next';
import { ActionWorkbench } from '@/components/actions/action-workbench';

export const metadata: Metadata = { title: 'New action' };

export default async function NewActionPage({ searchParams }: { searchParams: Promise<{ kind?: string; package?: string }> }) {
  const { kind, package: inPackage } = await searchParams;
  return (
    <ActionWorkbench
      initialKind={typeof kind === 'string' ? kind : undefined}
      initialName={typeof inPackage === 'string' && inPackage ? `${inPackage}/` : undefined}
    />
  );
}
