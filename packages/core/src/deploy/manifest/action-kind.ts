// The kind an action runs on: its `runtime` (or `kind`) as written, else what
// its file's extension implies, resolved to a concrete kind of this platform.
import { BLACKBOX_KIND, knownKinds, resolveKind, SEQUENCE_KIND } from '../../kinds.ts';

// wskdeploy infers more languages than Brisk runs; those not here are refused
// with the runtime list rather than guessed.
const EXTENSION_KINDS: Record<string, string> = {
  '.js': 'nodejs:default',
  '.mjs': 'nodejs:default',
  '.cjs': 'nodejs:default',
  '.py': 'python:default',
  '.rb': 'ruby:default',
  '.php': 'php:default',
};

/** The kinds an action's code may name (sequences and blackbox images are made otherwise). */
export function codeKinds(): string[] {
  return knownKinds().filter((kind) => kind !== SEQUENCE_KIND && kind !== BLACKBOX_KIND);
}

/**
 * The concrete kind for `runtime` as a manifest writes it: a kind
 * (`nodejs:18`), `language:default`, a bare language (`python`, its default,
 * as wskdeploy reads it) or wskdeploy's `language@version`. Undefined when
 * this platform does not run it.
 */
export function kindOfRuntime(runtime: string): string | undefined {
  const written = runtime.trim().replace('@', ':');
  const name = written.includes(':') ? written : `${written}:default`;
  if (!codeKinds().includes(name)) return undefined;
  try {
    return resolveKind(name);
  } catch {
    return undefined;
  }
}

/** The kind a file's extension implies, resolved; undefined for any other file. */
export function kindOfFile(path: string): string | undefined {
  const extension = /\.[^./]+$/.exec(path)?.[0]?.toLowerCase();
  const kind = extension ? EXTENSION_KINDS[extension] : undefined;
  return kind && resolveKind(kind);
}

/** The sentence a problem about an unknown runtime ends with. */
export function supportedKinds(): string {
  return `the runtimes Brisk runs are: ${codeKinds().join(', ')}`;
}
