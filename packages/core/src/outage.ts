// Postgres or Redis being unreachable is an outage, not a bug: the request
// was fine and may succeed in a few seconds (503 with Retry-After), where any
// other unexpected error is ours (500). The REST and tRPC mappers both ask
// here, so they agree on what an outage is.
import { type BriskError, isBriskError, unavailable } from './errors.ts';

/** What a 503 for an outage asks clients to wait before trying again, in seconds. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

export type OutageService = 'Postgres' | 'Redis';

// Prisma's codes for a database it cannot reach or talk to: P1001 can't reach,
// P1002 timed out, P1008 operation timed out, P1017 server closed the
// connection, P2024 timed out waiting for a pooled connection, P2037 too many connections.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
// What @prisma/adapter-pg makes of node-postgres's connection failures.
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// Socket errors: the service is down, restarting or out of reach.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// node-postgres's own words for a connection that failed or went away.
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Can't reach database server)/;
// ioredis's: a closed connection, an exhausted retry budget, no offline queue.
const REDIS_MESSAGES = /^(Connection is closed\.?|Stream isn't writeable|Reached the max retries per request limit|LOADING |MASTERDOWN )/;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  severity?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
}

/**
 * The service whose outage caused `error`, if it is one: Postgres unreachable
 * (Prisma's connection codes, node-postgres's connection errors, SQLSTATE
 * classes 08 and 57P0x, too many connections) or Redis unreachable (ioredis's
 * closed connection, MaxRetriesPerRequestError). Follows `cause` chains and
 * AggregateErrors.
 */
export function outageService(error: unknown, depth = 0): OutageService | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const e = error as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (name.startsWith('PrismaClient')) {
    const adapter = e.meta?.driverAdapterError?.cause;
    if (PRISMA_CODES.has(code) || ADAPTER_KINDS.has(String(adapter?.kind)) || isPgConnectionState(adapter?.code)) return 'Postgres';
    if (name === 'PrismaClientInitializationError' || PG_MESSAGES.test(lastLine(message))) return 'Postgres';
  }
  if (name === 'DriverAdapterError' && ADAPTER_KINDS.has(String((e.cause as { kind?: unknown } | undefined)?.kind))) return 'Postgres';
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message)) return 'Redis';
  // node-postgres: a server error (it has a severity) saying the connection is gone, or its own connection errors.
  if (typeof e.severity === 'string' && isPgConnectionState(code)) return 'Postgres';
  if (PG_MESSAGES.test(message)) return 'Postgres';
  // ioredis turns its socket failures into the errors above; a bare one is node-postgres's (RecordWriter, migrations).
  if (SOCKET_CODES.has(code)) return 'Postgres';
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const service = outageService(inner, depth + 1);
    if (service) return service;
  }
  return undefined;
}

/**
 * `error` as a BriskError of kind 'unavailable' (503) naming the service, when
 * it is an outage (a BriskError 'unavailable' is returned as is); undefined otherwise.
 */
export function asOutage(error: unknown): BriskError | undefined {
  if (isBriskError(error)) return error.kind === 'unavailable' ? error : undefined;
  // Postgres cancelled a statement past its time limit (heavy reads are bounded): busy, not broken.
  if (sqlStateOf(error) === '57014')
    return unavailable('The query ran past its time limit and was cancelled; try again in a few seconds, or over a shorter range.');
  const service = outageService(error);
  if (!service) return undefined;
  const what = service === 'Postgres' ? 'The database (Postgres)' : 'The queue and cache (Redis)';
  return unavailable(`${what} is unavailable at the moment; try again in a few seconds.`);
}

/** The SQLSTATE of a Postgres error, through Prisma's adapter and `cause` chains. */
function sqlStateOf(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const e = error as ErrorLike & { originalCode?: unknown };
  for (const code of [e.meta?.driverAdapterError?.cause?.code, e.originalCode, typeof e.severity === 'string' ? e.code : undefined]) {
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return sqlStateOf(e.cause, depth + 1);
}

// SQLSTATE class 08 (connection exception), 57P01..57P03 (server shutting down or starting), 53300 (too many connections).
function isPgConnectionState(code: unknown): boolean {
  return typeof code === 'string' && (code.startsWith('08') || /^57P0[1-3]$/.test(code) || code === '53300');
}

// Prisma's messages start with where the call was made; its reason is the last line.
function lastLine(message: string): string {
  const lines = message.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}
