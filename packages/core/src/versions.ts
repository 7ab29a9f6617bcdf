/** Bumps the patch part of a semantic version: 0.0.7 -> 0.0.8. */
export function bumpPatch(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) return '0.0.1';
  return `${match[1]}.${match[2]}.${Number(match[3]) + 1}`;
}
