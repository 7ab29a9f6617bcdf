// One rule for the paths a project may name, shared by every ProjectFiles
// implementation and by the manifest's `function:` keys: relative, "/"-
// separated, and never above the folder they are relative to. Paths come from
// a repository someone else wrote, so this is a security boundary, not tidiness.

/** Thrown for a path that is absolute or climbs out of its folder. */
export class PathEscapeError extends Error {
  constructor(readonly path: string) {
    super(`the path "${path}" leaves the project folder; paths must be relative and stay inside it.`);
    this.name = 'PathEscapeError';
  }
}

/**
 * The path's segments with "." and "a/.." folded away: `[]` is the folder
 * itself. Throws PathEscapeError for an absolute path, a NUL byte or a ".."
 * that would climb above the folder. Folding is purely textual, which is
 * sound only because the implementations never follow symbolic links.
 */
export function pathSegments(path: string): string[] {
  if (path.startsWith('/') || path.includes('\0')) throw new PathEscapeError(path);
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) throw new PathEscapeError(path);
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments;
}

/** The normalised form of `path` ("" for the folder itself). */
export function normalizePath(path: string): string {
  return pathSegments(path).join('/');
}

/** `path` inside `dir`, both relative; throws PathEscapeError if `path` climbs out of `dir`. */
export function joinInside(dir: string, path: string): string {
  const base = normalizePath(dir);
  const inner = normalizePath(path);
  return base && inner ? `${base}/${inner}` : base || inner;
}
