// One mapping from domain errors to OpenWhisk-shaped HTTP errors:
// `{"error": "...", "code": "<transaction id>"}` with the matching status.
// An outage (Postgres or Redis unreachable) is a 503 with Retry-After.
import { randomBytes } from 'node:crypto';
import { asOutage, HTTP_STATUS_OF, isBriskError, OUTAGE_RETRY_AFTER_SECONDS } from '@brisk/core';

export function transactionId(): string {
  return randomBytes(16).toString('hex');
}

export interface ErrorExtras {
  headers?: HeadersInit;
  /** More fields of the body, beside `error` and `code` (e.g. `activationId`). */
  fields?: Record<string, unknown>;
}

export function errorResponse(status: number, message: string, extras: ErrorExtras = {}): Response {
  return Response.json({ error: message, code: transactionId(), ...extras.fields }, { status, headers: extras.headers });
}

export function responseForError(error: unknown, extras: Pick<ErrorExtras, 'headers'> = {}): Response {
  const outage = asOutage(error);
  if (outage) {
    if (!isBriskError(error)) console.error('web: a service is unreachable:', (error as Error).message);
    const headers = new Headers(extras.headers);
    headers.set('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
    return errorResponse(503, outage.message, { headers });
  }
  if (isBriskError(error)) return errorResponse(HTTP_STATUS_OF[error.kind], error.message, extras);
  console.error('web: unexpected error', error);
  return errorResponse(500, 'The server encountered an internal error; the request was not completed.', extras);
}
