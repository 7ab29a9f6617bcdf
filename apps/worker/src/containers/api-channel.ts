// The worker's side of an action's way to Brisk's API (runtimes/README.md,
// "Calling Brisk from an action"). Containers have no network; per container
// the worker listens on `api.sock` in the container's channel directory, a
// forwarder in the container pipes 127.0.0.1:<port> to it, and this passes
// each HTTP request on to the one configured API URL.
//
// It is an HTTP proxy to one origin, not a byte pipe: every request is parsed
// (Node's strict parser), only origin-form paths under /api/v1 go through,
// Host and hop-by-hop headers are the worker's, CONNECT and upgrades are
// refused. So the channel reaches nothing but the API, and the API's own
// authentication and throttles apply to every call. Bounded per container:
// connections, bytes each way, and time; it is closed with the container.
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';

export interface ApiChannelOptions {
  /** Where Brisk's API is (http or https); requests go to its origin, under its path. */
  apiUrl: URL;
  /** Shared by the worker's channels: bounds its sockets to the API as a whole. */
  agent: http.Agent;
  /** Connections one container may hold at once; more are refused on arrival. */
  maxConnections?: number;
  /** Bytes of one request's body, and of one response's body. */
  maxBodyBytes?: number;
  /** One request, from its first byte to the end of its answer. */
  timeoutMs?: number;
}

/** Default: as many calls at once as a container sensibly makes; bodies up to the API's own largest (code is 48 MB). */
export const DEFAULT_API_CHANNEL = { maxConnections: 8, maxBodyBytes: 64 * 1024 * 1024, timeoutMs: 90_000 } as const;

/** Headers that belong to one hop, or that the channel sets itself; never passed on. */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  // Console sessions are not for actions: the channel carries API keys only.
  'cookie',
  'set-cookie',
]);
/** `.` and `..` segments (plain or percent-encoded) and backslashes: a path that could be read as leaving /api/v1. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)|\\|%5c/i;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/** A new agent for a worker's channels: keep-alive to the API, a bounded number of sockets. */
export function apiAgent(apiUrl: URL, maxSockets = 128): http.Agent {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: 16, timeout: 60_000 };
  return apiUrl.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

export class ApiChannel {
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: http.Server) {}

  /** Listens on `socketPath` (which must not exist). */
  static async listen(socketPath: string, options: ApiChannelOptions): Promise<ApiChannel> {
    const limits: Limits = { ...DEFAULT_API_CHANNEL, ...options };
    const server = http.createServer({
      maxHeaderSize: 16 * 1024,
      headersTimeout: Math.min(10_000, limits.timeoutMs),
      requestTimeout: limits.timeoutMs,
      keepAliveTimeout: 5_000,
    });
    server.maxConnections = limits.maxConnections;
    const channel = new ApiChannel(server);
    server.on('connection', (socket: net.Socket) => {
      channel.sockets.add(socket);
      socket.once('close', () => channel.sockets.delete(socket));
    });
    server.on('request', (req, res) => forward(limits, req, res));
    // No tunnels and no protocol switches: only requests to the API go through.
    const refuse = (_req: http.IncomingMessage, socket: net.Socket) => {
      socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    };
    server.on('connect', refuse);
    server.on('upgrade', refuse);
    server.on('clientError', (_error, socket: net.Socket) => socket.destroy());
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return channel;
  }

  /** Connections open now (tests). */
  get connections(): number {
    return this.sockets.size;
  }

  /** Stops listening and cuts every connection, calls under way included. */
  close(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

type Limits = Required<ApiChannelOptions>;

/** Why a request may not go through, as status and message; undefined when it may. */
function refusalOf(limits: Limits, req: http.IncomingMessage): [number, string] | undefined {
  const url = req.url ?? '';
  const method = req.method ?? '';
  // Origin-form only ("/api/v1/..."): an absolute URL or an authority would name another host.
  if (!/^\/api\/v1(\/|\?|$)/.test(url) || DOT_SEGMENT.test(url.split('?')[0] ?? ''))
    return [403, 'Only Brisk API paths (/api/v1/...) can be reached from an action.'];
  if (!METHODS.has(method)) return [405, `The method ${method} is not allowed.`];
  if (Number(req.headers['content-length'] ?? 0) > limits.maxBodyBytes) return [413, `The request body is over ${limits.maxBodyBytes} bytes.`];
  return undefined;
}

function forward(limits: Limits, req: http.IncomingMessage, res: http.ServerResponse): void {
  const refusal = refusalOf(limits, req);
  if (refusal) {
    answer(res, refusal[0], refusal[1]);
    return;
  }

  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
  headers.host = limits.apiUrl.host;
  const base = limits.apiUrl.pathname.replace(/\/+$/, '');
  const transport = limits.apiUrl.protocol === 'https:' ? https : http;
  const upstream = transport.request({
    protocol: limits.apiUrl.protocol,
    hostname: limits.apiUrl.hostname,
    port: limits.apiUrl.port || undefined,
    method: req.method,
    path: `${base}${req.url}`,
    headers,
    agent: limits.agent,
  });
  const timer = setTimeout(() => {
    upstream.destroy();
    if (!res.headersSent) answer(res, 504, 'The Brisk API did not answer in time.');
    else res.destroy();
  }, limits.timeoutMs);
  const done = () => clearTimeout(timer);
  res.once('close', () => {
    done();
    upstream.destroy();
  });

  upstream.on('response', (answerIn) => {
    const out: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(answerIn.headers)) if (value !== undefined && !HOP_HEADERS.has(name)) out[name] = value;
    res.writeHead(answerIn.statusCode ?? 502, out);
    pipeBounded(answerIn, res, limits.maxBodyBytes, () => res.destroy());
  });
  upstream.on('error', () => {
    done();
    if (!res.headersSent) answer(res, 502, 'The Brisk API cannot be reached.');
    else res.destroy();
  });
  pipeBounded(req, upstream, limits.maxBodyBytes, () => {
    upstream.destroy();
    answer(res, 413, `The request body is over ${limits.maxBodyBytes} bytes.`);
  });
}

/** Pipes with backpressure, calling `over` (and stopping) past `maxBytes`. */
function pipeBounded(from: http.IncomingMessage, to: NodeJS.WritableStream, maxBytes: number, over: () => void): void {
  let bytes = 0;
  from.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      from.unpipe();
      from.pause();
      over();
    }
  });
  from.on('error', () => undefined);
  from.pipe(to);
}

function answer(res: http.ServerResponse, status: number, error: string): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error, code: 'brisk-api-channel' });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}
