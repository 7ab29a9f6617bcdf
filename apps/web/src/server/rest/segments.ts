// URL path segments as route handlers receive them.

/** Decodes a percent-encoded path segment; one that does not decode is kept as written. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
