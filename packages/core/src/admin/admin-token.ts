// The operator's token for the admin API (BRISK_ADMIN_TOKEN), sent as
// `Authorization: Bearer <token>`. Both sides are hashed before the
// constant-time comparison, so neither the token's content nor its length
// shows in the time a wrong guess takes.
import { createHash, timingSafeEqual } from 'node:crypto';
import { forbidden, unauthorized } from '../errors.ts';

/** Shorter tokens are refused at start: the admin API can delete every namespace. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The token of an `Authorization: Bearer ...` header, if it has one. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Throws 403 when the admin API is disabled (no token configured), 401 when
 * the request's token is missing or wrong.
 */
export function assertAdminToken(header: string | null | undefined, configured: string | undefined): void {
  if (!configured) throw forbidden('The admin API is disabled: set BRISK_ADMIN_TOKEN on the web app to enable it.');
  const given = bearerToken(header);
  if (given === undefined) throw unauthorized('The admin API needs the operator token: send Authorization: Bearer <BRISK_ADMIN_TOKEN>.');
  if (!timingSafeEqual(digest(given), digest(configured))) throw unauthorized('The operator token is not valid.');
}
