// Comparing a secret a request offers with the one configured: both sides are
// hashed first, so the constant-time comparison hides the content and the
// length, and an absent secret costs what a wrong one does. One place for the
// operator's admin token, the metrics token and web actions' shared secrets.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** True when `given` is `expected`; false for an absent secret, after the same work. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  return timingSafeEqual(digest(given ?? ''), digest(expected)) && given !== undefined;
}

/** The token of an `Authorization: Bearer ...` header, if it has one. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
