// Domain errors thrown by services. They say what went wrong in words a user
// can act on; the REST and tRPC layers each map them to the wire once.

export type BriskErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'too-large'
  | 'throttled'
  | 'unavailable'
  | 'internal';

export class BriskError extends Error {
  constructor(
    readonly kind: BriskErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'BriskError';
  }
}

/** The HTTP status each kind is answered with, by the REST API and wherever else a status is reported. */
export const HTTP_STATUS_OF: Record<BriskErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'too-large': 413,
  throttled: 429,
  unavailable: 503,
  internal: 500,
};

export const badRequest = (message: string) => new BriskError('bad-request', message);
export const unauthorized = (message = 'The supplied authentication is invalid.') => new BriskError('unauthorized', message);
export const forbidden = (message = 'The supplied authentication is not authorized to access this resource.') => new BriskError('forbidden', message);
export const notFound = (message = 'The requested resource does not exist.') => new BriskError('not-found', message);
export const conflict = (message = 'resource already exists') => new BriskError('conflict', message);
/** A conditional write (If-Match) whose condition no longer holds: 412. */
export const preconditionFailed = (message: string) => new BriskError('precondition-failed', message);
export const tooLarge = (message: string) => new BriskError('too-large', message);
export const throttled = (message: string) => new BriskError('throttled', message);
/** Something the request needs is not there now (a service, a setting): 503. */
export const unavailable = (message: string) => new BriskError('unavailable', message);

/**
 * True for a BriskError, also one made by another copy of this module (the
 * web's custom server loads core beside the copy bundled into Next).
 */
export function isBriskError(error: unknown): error is BriskError {
  return error instanceof BriskError || (error instanceof Error && error.name === 'BriskError' && typeof (error as { kind?: unknown }).kind === 'string');
}
