// The operator's token for the admin API (BRISK_ADMIN_TOKEN), sent as
// `Authorization: Bearer <token>` and compared with sameSecret, so neither the
// token's content nor its length shows in the time a wrong guess takes.
import { forbidden, unauthorized } from '../errors.ts';
import { bearerToken, sameSecret } from '../secret-compare.ts';

/** Shorter tokens are refused at start: the admin API can delete every namespace. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

/**
 * Throws 403 when the admin API is disabled (no token configured), 401 when
 * the request's token is missing or wrong.
 */
export function assertAdminToken(header: string | null | undefined, configured: string | undefined): void {
  if (!configured) throw forbidden('The admin API is disabled: set BRISK_ADMIN_TOKEN on the web app to enable it.');
  const given = bearerToken(header);
  if (given === undefined) throw unauthorized('The admin API needs the operator token: send Authorization: Bearer <BRISK_ADMIN_TOKEN>.');
  if (!sameSecret(given, configured)) throw unauthorized('The operator token is not valid.');
}
