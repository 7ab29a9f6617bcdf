'use client';
// Monaco touches `window` when loaded, so the editors load in the browser
// only; the page around them renders at once with a placeholder.
import dynamic from 'next/dynamic';
import type { CodeEditorProps, DiffViewProps } from './monaco-editors';

export type { CodeEditorProps, DiffViewProps };

const loading = () => <div className="code-loading">Loading editor…</div>;

export const CodeEditor = dynamic<CodeEditorProps>(() => import('./monaco-editors').then((m) => m.MonacoCodeEditor), {
  ssr: false,
  loading,
});

export const DiffView = dynamic<DiffViewProps>(() => import('./monaco-editors').then((m) => m.MonacoDiffView), {
  ssr: false,
  loading,
});

/** Monaco's language for an action kind. */
export function languageOfKind(kind: string): string {
  if (kind.startsWith('nodejs')) return 'javascript';
  if (kind.startsWith('python')) return 'python';
  return 'plaintext';
}
