// Console sessions. The browser holds only a random token in an httpOnly,
// SameSite=Strict cookie; Redis maps the token's hash to the namespace it
// signed in to. Chosen over an encrypted cookie because sign-out really ends
// the session (the token is deleted, not just forgotten by one browser), no
// key material ever reaches the browser after sign-in, and web replicas need
// no shared encryption secret: they already share Redis.
import { createHash, randomBytes } from 'node:crypto';
import type { Caller, CoreDeps } from '@brisk/core';

export const SESSION_COOKIE = 'brisk_session';
/** Sessions last this long after their last use. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
/** How long a replica trusts that a session's API key still exists. */
const KEY_CHECK_TTL_MS = 10_000;

interface StoredSession {
  namespaceId: string;
  namespace: string;
  subject: string;
  keyUuid: string;
  created: number;
}

function sessionKey(prefix: string, token: string): string {
  // Only the hash is stored, so a Redis dump holds no usable session tokens.
  return `${prefix}:session:${createHash('sha256').update(token).digest('hex')}`;
}

/** Starts a session for a caller authenticated by the key `keyUuid`; returns the token. */
export async function createSession(deps: CoreDeps, caller: Caller, keyUuid: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const session: StoredSession = { ...caller, keyUuid, created: Date.now() };
  await deps.redis.set(sessionKey(deps.redisPrefix, token), JSON.stringify(session), 'EX', SESSION_TTL_SECONDS);
  return token;
}

// Key uuid -> until when its key is trusted, and whose it is. On globalThis:
// the web loads this module twice (its server and Next's bundle), and an
// admin notice must clear the copy the console reads.
const holder = globalThis as typeof globalThis & { briskSessionKeyChecks?: Map<string, { until: number; namespaceId: string }> };
holder.briskSessionKeyChecks ??= new Map();
const keyChecks = holder.briskSessionKeyChecks;

/** Makes sessions of a namespace's keys check their key again at their next request (an operator revoked one). */
export function forgetSessionKeyChecks(namespaceId: string): void {
  for (const [uuid, check] of keyChecks) if (check.namespaceId === namespaceId) keyChecks.delete(uuid);
}

/** A signed-in session: its namespace, and the key it signed in with. */
export interface SessionCaller {
  caller: Caller;
  keyUuid: string;
}

/**
 * The caller a session token stands for (and its key), renewing the
 * session's lifetime; undefined when the token is unknown, expired, or its
 * API key was removed.
 */
export async function readSession(deps: CoreDeps, token: string | undefined): Promise<SessionCaller | undefined> {
  if (!token || token.length > 100) return undefined;
  const text = await deps.redis.getex(sessionKey(deps.redisPrefix, token), 'EX', SESSION_TTL_SECONDS);
  if (!text) return undefined;
  const session = JSON.parse(text) as StoredSession;
  if ((keyChecks.get(session.keyUuid)?.until ?? 0) < Date.now()) {
    const key = await deps.db.apiKey.findUnique({ where: { uuid: session.keyUuid }, select: { namespaceId: true } });
    if (key?.namespaceId !== session.namespaceId) {
      await deleteSession(deps, token);
      return undefined;
    }
    keyChecks.set(session.keyUuid, { until: Date.now() + KEY_CHECK_TTL_MS, namespaceId: session.namespaceId });
  }
  return { caller: { namespaceId: session.namespaceId, namespace: session.namespace, subject: session.subject }, keyUuid: session.keyUuid };
}

export async function deleteSession(deps: CoreDeps, token: string | undefined): Promise<void> {
  if (token) await deps.redis.del(sessionKey(deps.redisPrefix, token));
}

/** The session token in a Cookie header, if any. */
export function sessionTokenFromCookies(header: string | null | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/**
 * The Set-Cookie header for a session token (or, without one, one that
 * clears the cookie). `Secure` is set whenever the console is served over
 * HTTPS; plain HTTP is for loopback development.
 */
export function sessionCookieHeader(token: string | undefined, options: { secure: boolean }): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', token ? `Max-Age=${SESSION_TTL_SECONDS}` : 'Max-Age=0'];
  if (options.secure) attributes.push('Secure');
  return [`${SESSION_COOKIE}=${token ?? ''}`, ...attributes].join('; ');
}

/** True when the request reached us (or the proxy in front of us) over HTTPS. */
export function requestIsHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto');
  return (forwarded ?? new URL(request.url).protocol.replace(':', '')) === 'https';
}

/** The origin the browser reached, from the Host header as the REST API's URLs are (Next's request URL may name its own bind address). */
export function requestOrigin(request: Request): string {
  return `${requestIsHttps(request) ? 'https' : 'http'}://${request.headers.get('host') ?? new URL(request.url).host}`;
}
