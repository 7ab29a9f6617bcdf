// Versions as HTTP entity tags: an action's ETag is its version, and a PUT
// with If-Match saves only over the versions it names (RFC 9110's guard
// against lost updates: a stale base answers 412).

/** The ETag header value of a version. */
export function versionTag(version: string): string {
  return `"${version}"`;
}

/**
 * The versions an If-Match header names (`*` stays `*`); undefined without
 * the header. Weak tags never match (If-Match compares strongly); a bare,
 * unquoted version is taken as well, as curl users type it.
 */
export function ifMatchVersions(header: string | null): string[] | undefined {
  if (header === null) return undefined;
  const versions: string[] = [];
  for (const raw of header.split(',')) {
    const tag = raw.trim();
    if (tag === '' || tag.startsWith('W/')) continue;
    versions.push(tag.length >= 2 && tag.startsWith('"') && tag.endsWith('"') ? tag.slice(1, -1) : tag);
  }
  return versions;
}
