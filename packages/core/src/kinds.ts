// The action kinds this platform runs, from runtimes/manifest.json: the one
// list both the API (to validate) and the worker (to pick an image) read.
import manifest from '../../../runtimes/manifest.json' with { type: 'json' };
import { badRequest } from './errors.ts';

interface RuntimeEntry {
  dir: string;
  image: string;
  kinds: string[];
  /** Set on the one runtime of its family that `<family>:default` resolves to. */
  default?: string;
}

const runtimes = (manifest as { runtimes: RuntimeEntry[] }).runtimes;
/** `nodejs:default` → `nodejs:22`: several images may share a family (the runtime folder), one holds its default. */
const familyDefaults = new Map<string, string>(runtimes.flatMap((runtime) => (runtime.default ? [[`${runtime.dir}:default`, runtime.default] as const] : [])));

export const SEQUENCE_KIND = 'sequence';
export const BLACKBOX_KIND = 'blackbox';

/** Every kind name a user may write, `nodejs:default` and the like included. */
export function knownKinds(): string[] {
  // Family by family: `nodejs:18, nodejs:20, nodejs:22, nodejs:default, python:3, …`.
  const families = [...new Set(runtimes.map((runtime) => runtime.dir))];
  const names = families.flatMap((family) => [
    ...runtimes.filter((runtime) => runtime.dir === family).flatMap((runtime) => runtime.kinds),
    `${family}:default`,
  ]);
  return [...names, BLACKBOX_KIND, SEQUENCE_KIND];
}

/**
 * The concrete kind for a name as the user wrote it: `nodejs:default` becomes
 * the family's default kind. Throws a 400 listing the kinds on offer.
 */
export function resolveKind(kind: string): string {
  if (kind === SEQUENCE_KIND || kind === BLACKBOX_KIND) return kind;
  const concrete = familyDefaults.get(kind) ?? kind;
  if (runtimes.some((runtime) => runtime.kinds.includes(concrete))) return concrete;
  throw badRequest(`The action kind "${kind}" is not supported; use one of: ${knownKinds().join(', ')}.`);
}

/** The runtime image that runs a concrete code kind. */
export function imageForKind(kind: string): string | undefined {
  return runtimes.find((runtime) => runtime.kinds.includes(kind))?.image;
}
