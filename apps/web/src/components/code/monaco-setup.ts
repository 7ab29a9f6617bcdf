// Monaco from our own bundle: the editor core, its features and the few
// languages actions are written in. No CDN: @monaco-editor/react is handed
// this instance, and the workers are bundled by Turbopack.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/ruby/register';
import 'monaco-editor/languages/definitions/php/register';
import 'monaco-editor/languages/definitions/go/register';
import 'monaco-editor/languages/definitions/java/register';
import 'monaco-editor/languages/features/typescript/register';
import 'monaco-editor/languages/features/json/register';
import { loader } from '@monaco-editor/react';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker(_workerId, label) {
    if (label === 'typescript' || label === 'javascript') {
      return new Worker(new URL('./workers/ts.worker.ts', import.meta.url), { type: 'module', name: label });
    }
    if (label === 'json') {
      return new Worker(new URL('./workers/json.worker.ts', import.meta.url), { type: 'module', name: label });
    }
    return new Worker(new URL('./workers/editor.worker.ts', import.meta.url), { type: 'module', name: label });
  },
};

loader.config({ monaco });

export { monaco };
