import type { Metadata } from 'next';
import { ActionWorkbench } from '@/components/actions/action-workbench';

type Params = { path: string[] };

function actionPath(segments: string[]): string {
  return segments.map((segment) => decodeURIComponent(segment)).join('/');
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: actionPath((await params).path) };
}

export default async function ActionPage({ params }: { params: Promise<Params> }) {
  const path = actionPath((await params).path);
  // Keyed by path: another action gets a fresh editor, not this one's draft.
  return <ActionWorkbench key={path} path={path} />;
}
