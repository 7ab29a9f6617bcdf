// The action kinds this platform runs, from runtimes/manifest.json: the one
// list both the API (to validate) and the worker (to pick an image) read.
import manifest from '../../../runtimes/manifest.json' with { type: 'json' };
import { badRequest } from './errors.ts';

interface RuntimeEntry {
  dir: string;
  image: string;
  kinds: string[];
  default: string;
}

const runtimes = (manifest as { runtimes: RuntimeEntry[] }).runtimes;

export const SEQUENCE_KIND = 'sequence';
export const BLACKBOX_KIND = 'blackbox';

/** Every kind name a user may write, `nodejs:default` and the like included. */
export function knownKinds(): string[] {
  const names = runtimes.flatMap((runtime) => [...runtime.kinds, `${runtime.dir}:default`]);
  return [...names, BLACKBOX_KIND, SEQUENCE_KIND];
}

/**
 * The concrete kind for a name as the user wrote it: `nodejs:default` becomes
 * the runtime's default kind. Throws a 400 listing the kinds on offer.
 */
export function resolveKind(kind: string): string {
  if (kind === SEQUENCE_KIND || kind === BLACKBOX_KIND) return kind;
  for (const runtime of runtimes) {
    if (kind === `${runtime.dir}:default`) return runtime.default;
    if (runtime.kinds.includes(kind)) return kind;
  }
  throw badRequest(`The action kind "${kind}" is not supported; use one of: ${knownKinds().join(', ')}.`);
}

/** The runtime image that runs a concrete code kind. */
export function imageForKind(kind: string): string | undefined {
  return runtimes.find((runtime) => runtime.kinds.includes(kind))?.image;
}
