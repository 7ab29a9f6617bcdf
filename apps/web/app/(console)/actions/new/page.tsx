import type { Metadata } from 'next';
import { ActionWorkbench } from '@/components/actions/action-workbench';

export const metadata: Metadata = { title: 'New action' };

type Search = { kind?: string | string[]; package?: string | string[]; name?: string | string[] };

/** `?name=pkg/x` starts with that name (an action's not-found page links here); `?package=pkg` with "pkg/". */
function startName({ package: inPackage, name }: Search): string | undefined {
  if (typeof name === 'string' && name) return name;
  return typeof inPackage === 'string' && inPackage ? `${inPackage}/` : undefined;
}

export default async function NewActionPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  return <ActionWorkbench initialKind={typeof search.kind === 'string' ? search.kind : undefined} initialName={startName(search)} />;
}
