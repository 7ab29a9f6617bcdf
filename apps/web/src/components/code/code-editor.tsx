'use client';
// Monaco touches `window` when loaded, so the editors load in the browser
// only; the page around them renders at once with a placeholder.
import dynamic from 'next/dynamic';
import { kindLanguage } from '@/lib/kind-languages';
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
  return kindLanguage(kind).monaco;
}
