/**
 * The console's tRPC setup, in three parts:
 *
 * 1. CONTEXT: what every procedure gets: the web app's clients, the session
 *    token from the cookie, the response headers (to set the cookie) and the
 *    request's origin.
 * 2. INITIALIZATION: tRPC itself, with domain errors (and outages: Postgres
 *    or Redis unreachable, SERVICE_UNAVAILABLE with Retry-After) mapped to
 *    tRPC codes once, also those a subscription throws as it runs, zod messages written the way the REST API writes them, and SSE
 *    for subscriptions (live logs, live tail).
 * 3. PROCEDURES: `publicProcedure` (sign-in only) and `protectedProcedure`,
 *    which resolves the session to the signed-in namespace's `Caller`; every
 *    console operation is scoped to that caller.
 */
import {
  asOutage,
  describeZodError,
  isBriskError,
  jsonValueDepth,
  MAX_JSON_DEPTH,
  noteActionsChanged,
  OUTAGE_RETRY_AFTER_SECONDS,
  type BriskErrorKind,
  type Caller,
} from '@brisk/core';
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import { webContext, type WebContext } from '../context';
import { readSession, requestIsHttps, requestOrigin, sessionTokenFromCookies } from '../session';

// 1. CONTEXT

export interface ConsoleContext {
  web: WebContext;
  sessionToken: string | undefined;
  /** Whether cookies must be `Secure` (the console is served over HTTPS). */
  secure: boolean;
  resHeaders: Headers;
  /** Where the browser reached the console (webhook URLs default to it). */
  origin: string;
}

export function createContext(options: { req: Request; resHeaders: Headers }): ConsoleContext {
  return {
    web: webContext(),
    sessionToken: sessionTokenFromCookies(options.req.headers.get('cookie')),
    secure: requestIsHttps(options.req),
    resHeaders: options.resHeaders,
    origin: requestOrigin(options.req),
  };
}

// 2. INITIALIZATION

const CODES: Record<BriskErrorKind, TRPC_ERROR_CODE_KEY> = {
  'bad-request': 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  'not-found': 'NOT_FOUND',
  conflict: 'CONFLICT',
  'precondition-failed': 'PRECONDITION_FAILED',
  'too-large': 'PAYLOAD_TOO_LARGE',
  throttled: 'TOO_MANY_REQUESTS',
  unavailable: 'SERVICE_UNAVAILABLE',
  internal: 'INTERNAL_SERVER_ERROR',
};

const t = initTRPC.context<ConsoleContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (cause instanceof ZodError) return { ...shape, message: `The input is not valid: ${describeZodError(cause)}` };
    if (isBriskError(cause)) return { ...shape, message: cause.message };
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      return { ...shape, message: 'The server encountered an internal error; the request was not completed.' };
    }
    return shape;
  },
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
});

/** A domain error, or an outage, as the tRPC error it is answered with; undefined for anything else (ours: 500). */
function trpcErrorOf(cause: unknown): TRPCError | undefined {
  const domain = asOutage(cause) ?? (isBriskError(cause) ? cause : undefined);
  return domain ? new TRPCError({ code: CODES[domain.kind], message: domain.message, cause: domain }) : undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/** A subscription's events, its errors mapped as a procedure's are (they are thrown after the procedure returned). */
async function* mappedErrors(events: AsyncIterable<unknown>): AsyncGenerator<unknown> {
  try {
    yield* events;
  } catch (error) {
    throw trpcErrorOf(error) ?? error;
  }
}

/** Services throw BriskErrors; here they become tRPC errors with the matching code, once for all procedures. */
const domainErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return isAsyncIterable(result.data) ? { ...result, data: mappedErrors(result.data) } : result;
  const mapped = trpcErrorOf(result.error.cause);
  if (mapped) {
    if (mapped.code === 'SERVICE_UNAVAILABLE') ctx.resHeaders.set('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
    throw mapped;
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') console.error('console: unexpected error', result.error.cause ?? result.error);
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. PROCEDURES

/**
 * The console's inputs are bounded in depth as the REST API's bodies are: what
 * follows (zod, Prisma, JSON.stringify, the action's runtime) recurses, and a
 * payload nested thousands deep would be a stack overflow, not a 400.
 */
const boundedInput = t.middleware(async ({ getRawInput, next }) => {
  if (jsonValueDepth(await getRawInput(), MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `The input is nested more than ${MAX_JSON_DEPTH} levels deep (arrays and objects); flatten it.` });
  }
  return next();
});

export const publicProcedure = t.procedure.use(domainErrors).use(boundedInput);

/** Only for a signed-in session; `ctx.caller` is the session's namespace. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const session = await readSession(ctx.web.deps, ctx.sessionToken);
  if (!session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended; sign in with an API key.' });
  const caller: Caller = session.caller;
  // The key the session signed in with: the console's key rotation must not revoke it unawares.
  return next({ ctx: { ...ctx, caller, sessionKeyUuid: session.keyUuid } });
});

/**
 * For mutations that change an action (save, delete, roll back, test
 * payloads): once they succeed, every web replica's resolution cache is
 * dropped, as the REST routes do, so the next invocation runs the new state.
 */
export const actionWriteProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) await noteActionsChanged(ctx.web.deps);
  return result;
});
