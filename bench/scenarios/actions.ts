// The actions the benchmark deploys: no-ops, so what is measured is the platform.

export const NOOP = {
  nodejs: { kind: 'nodejs:default', code: 'function main(params) { return {}; }' },
  python: { kind: 'python:default', code: 'def main(args):\n    return {}\n' },
} as const;

export type BenchKind = keyof typeof NOOP;
export const KINDS: BenchKind[] = ['nodejs', 'python'];

export function noopAction(kind: BenchKind, memoryMb?: number) {
  return { exec: { ...NOOP[kind] }, ...(memoryMb ? { limits: { memory: memoryMb } } : {}) };
}

export function annotationOf(record: { annotations?: { key: string; value: unknown }[] }, key: string): unknown {
  return record.annotations?.find((entry) => entry.key === key)?.value;
}
