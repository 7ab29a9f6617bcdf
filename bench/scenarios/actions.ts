// The actions the benchmark deploys: no-ops, so what is measured is the platform.
import manifest from '../../runtimes/manifest.json' with { type: 'json' };

export const NOOP = {
  nodejs: { kind: 'nodejs:default', code: 'function main(params) { return {}; }' },
  python: { kind: 'python:default', code: 'def main(args):\n    return {}\n' },
} as const;

export type BenchKind = keyof typeof NOOP;
export const KINDS: BenchKind[] = ['nodejs', 'python'];

/** One concrete kind per runtime image (`python:3.11` rather than `python:3`): the per-kind cold and warm rows. */
export const IMAGE_KINDS: string[] = manifest.runtimes.filter((runtime) => runtime.dir in NOOP).map((runtime) => runtime.kinds.at(-1)!);

export function noopAction(kind: BenchKind, memoryMb?: number) {
  return { exec: { ...NOOP[kind] }, ...(memoryMb ? { limits: { memory: memoryMb } } : {}) };
}

/** The family's no-op as an action of one concrete kind, e.g. `nodejs:20`. */
export function noopOfKind(kind: string, memoryMb?: number) {
  const family = kind.slice(0, kind.indexOf(':')) as BenchKind;
  return { exec: { kind, code: NOOP[family].code }, ...(memoryMb ? { limits: { memory: memoryMb } } : {}) };
}

export function annotationOf(record: { annotations?: { key: string; value: unknown }[] }, key: string): unknown {
  return record.annotations?.find((entry) => entry.key === key)?.value;
}
