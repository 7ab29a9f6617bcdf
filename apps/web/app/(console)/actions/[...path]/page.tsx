import type { Metadata } from 'next';
import { ActionWorkbench } from '@/components/actions/action-workbench';
import { entityExists, notFoundUnlessExists } from '@/server/page-lookup';

type Params = { path: string[] };
type Search = { version?: string | string[] };

function actionPath(segments: string[]): string {
  return segments.map((segment) => decodeURIComponent(segment)).join('/');
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const path = actionPath((await params).path);
  return { title: (await entityExists('action', path)) ? path : 'Not found' };
}

export default async function ActionPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const path = actionPath((await params).path);
  await notFoundUnlessExists('action', path);
  // ?version=… opens the Versions tab on that version (a deployment's changes link there).
  const version = (await searchParams).version;
  // Keyed by path: another action gets a fresh editor, not this one's draft.
  return <ActionWorkbench key={path} path={path} {...(typeof version === 'string' && version ? { initialVersion: version } : {})} />;
}
