// The API on Node's own HTTP server (../../../server.ts): every /api/v1
// request is served from the route table without Next's per-request
// routing, tracing and web-stream plumbing, which cost more than the rest
// of a warm invocation.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { OUTAGE_RETRY_AFTER_SECONDS } from '@brisk/core';
import { env } from '../env';
import { httpMetrics, SHED_ROUTE, UNMATCHED_ROUTE } from '../metrics/http-metrics';
import { METRICS_PATH, serveMetrics } from '../metrics/serve-metrics';
import type { RequestHeaders } from './api-route';
import { readStreamBody } from './body';
import { API_PREFIX } from './match-route';
import { serveApi } from './serve-api';

/** True for a request the API answers (the rest is Next's: the console, tRPC). */
export function isApiRequest(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`) || isPlatformQuery(request);
}

/**
 * GET / from an API client: OpenWhisk answers the platform document there,
 * and deployers and debuggers read it. A browser asking for a page (Accept
 * naming text/html) gets the console instead.
 */
function isPlatformQuery(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  if ((request.method !== 'GET' && request.method !== 'HEAD') || (url !== '/' && !url.startsWith('/?'))) return false;
  return !(request.headers.accept ?? '').includes('text/html');
}

/** True for a Prometheus scrape (served by serveMetricsOnNode). */
export function isMetricsRequest(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  return url === METRICS_PATH || url.startsWith(`${METRICS_PATH}?`);
}

const http = httpMetrics(env.BRISK_REPLICA_ID);
const secondsSince = (started: number) => (performance.now() - started) / 1000;

/**
 * GET /metrics, outside the API's in-flight bound: an overloaded replica is
 * when its metrics matter most, and a scrape is one request every few seconds.
 */
export async function serveMetricsOnNode(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = request.method ?? 'GET';
  let status = 500;
  try {
    if (method !== 'GET' && method !== 'HEAD') {
      status = 405;
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: `${method} is not allowed here; this path takes GET, HEAD.` }));
      return;
    }
    const answer = await serveMetrics(request.headers.authorization);
    status = answer.status;
    response.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
    response.end(method === 'HEAD' ? undefined : answer.body);
  } catch (error) {
    console.error('web: metrics request failed', error);
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'The server encountered an internal error; the request was not completed.' }));
  } finally {
    http.observe(METRICS_PATH, method, status, secondsSince(started));
  }
}

/** Times a request Next.js serves, under a few fixed route names (its paths name pages and procedures). */
export function timeConsoleRequest(request: IncomingMessage, response: ServerResponse): void {
  const started = performance.now();
  const url = request.url ?? '';
  const route = url.startsWith('/api/trpc') ? '/api/trpc' : url.startsWith('/_next/') ? '/_next' : 'console';
  response.once('finish', () => http.observe(route, request.method ?? 'GET', response.statusCode, secondsSince(started)));
}

/**
 * API requests this replica is serving now. Past the bound a request gets
 * 503 at once, before its body is read: a replica that takes on everything
 * grows past its memory and ends up resetting connections instead.
 */
let inFlight = 0;

export async function serveApiOnNode(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = request.method ?? 'GET';
  if (inFlight >= env.BRISK_MAX_INFLIGHT_REQUESTS) {
    const body = JSON.stringify({ error: `This server is at capacity (${inFlight} requests in progress); try again in a few seconds.` });
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': String(OUTAGE_RETRY_AFTER_SECONDS), connection: 'close' });
    response.end(body);
    http.observe(SHED_ROUTE, method, 503, secondsSince(started));
    return;
  }
  inFlight++;
  let route = UNMATCHED_ROUTE;
  let status = 500;
  try {
    const path = isPlatformQuery(request) ? API_PREFIX : request.url!;
    const answer = await serveApi({
      method,
      url: new URL(path, `http://${request.headers.host ?? 'localhost'}`),
      headers: new NodeHeaders(request.headers),
      readBody: (maxBytes) => readStreamBody(request as AsyncIterable<Buffer>, maxBytes),
      ...(request.socket.remoteAddress ? { client: request.socket.remoteAddress } : {}),
      onRoute: (template) => {
        route = template;
      },
    });
    status = answer.status;
    const payload = answer.body ? Buffer.from(await answer.arrayBuffer()) : undefined;
    const headers: Record<string, string | string[]> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'set-cookie') headers[name] = value;
    });
    // Each cookie a web action sets stays a header of its own.
    const cookies = answer.headers.getSetCookie();
    if (cookies.length) headers['set-cookie'] = cookies;
    if (payload) headers['content-length'] = String(payload.length);
    response.writeHead(answer.status, headers);
    response.end(payload);
  } catch (error) {
    console.error('web: API request failed', error);
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'The server encountered an internal error; the request was not completed.' }));
  } finally {
    inFlight--;
    http.observe(route, method, status, secondsSince(started));
  }
}

/**
 * Answers a request Node's parser refused before any handler saw it (a method
 * HTTP does not define, a malformed header, headers too large): JSON with what
 * was wrong, as the API answers everything else, instead of Node's bare 400.
 */
export function answerClientError(error: Error & { code?: string; reason?: string; rawPacket?: Buffer }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] = clientErrorAnswer(error);
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large', 501: 'Not Implemented' };

function clientErrorAnswer(error: { code?: string; reason?: string; rawPacket?: Buffer }): [number, string] {
  switch (error.code) {
    case 'HPE_INVALID_METHOD': {
      const method = /^[\x21-\x7e]{1,20}/.exec(error.rawPacket?.toString('latin1') ?? '')?.[0];
      return [501, `The method ${method ? `${method} ` : ''}is not one this server implements; the API takes GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS.`];
    }
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'The request headers are too large.'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'The request took too long to arrive.'];
    default:
      return [400, `The request is not valid HTTP${error.reason ? `: ${error.reason}` : ''}.`];
  }
}

/** Node's headers behind the interface routes use. */
class NodeHeaders implements RequestHeaders {
  constructor(private readonly parsed: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.parsed[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.parsed[name.toLowerCase()] !== undefined;
  }

  /** Names in lower case, repeated headers joined with ", " (as the fetch API's Headers). */
  *[Symbol.iterator](): Iterator<[string, string]> {
    for (const [name, value] of Object.entries(this.parsed)) {
      if (value !== undefined) yield [name, Array.isArray(value) ? value.join(', ') : value];
    }
  }
}
