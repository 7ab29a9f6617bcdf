// Speaks OpenWhisk's action protocol (/init, /run) to a runtime proxy over
// a Unix socket: HTTP/1.1 with keep-alive, one connection per request in
// flight (the container pool, not the client, bounds how many).
//
// The worker owns the socket: the client listens, and the proxy in the
// container connects (keeping one connection spare), so the container never
// creates anything the worker later opens (docs/ARCHITECTURE.md, "The
// channel"). The client accepts no more connections than it can use.
//
// A deliberately small HTTP client: the proxies answer with Content-Length
// (runtimes/README.md), so a request is one write and a response one parse.
// Node's http client costs about three times the CPU per /run, and this is
// the call every activation makes.
import net from 'node:net';

export interface ProxyResponse {
  status: number;
  body: unknown;
  /** The raw body, when it was not JSON. */
  text: string;
}

export class ProxyTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export class ProxyConnectionError extends Error {}

/**
 * The answer is larger than any result may be. Its body is not read: a
 * hostile action could otherwise make the worker hold as much as its
 * container's memory, once per activation running.
 */
export class ProxyResponseTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`the answer has ${bytes} bytes or more, over the ${limit} a result may have`);
  }
}

/** Room for the JSON around a result at its largest (MAX_PARAMETERS_BYTES is checked after parsing). */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024 + 64 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');
/** The proxies' heads are a hundred bytes; a longer one is not an answer. */
const MAX_HEAD_BYTES = 8 * 1024;

export interface RuntimeClientOptions {
  /** Connections kept at most (runs in flight plus the proxy's spare); more are closed on arrival, as are any beyond the requests under way plus two. */
  maxConnections?: number;
  maxResponseBytes?: number;
}

/** How long a request waits for the proxy's spare connection, with connections open and without. */
const SPARE_WAIT_MS = 5_000;
const NO_CONNECTION_WAIT_MS = 250;

export class RuntimeClient {
  private readonly idle: net.Socket[] = [];
  private readonly open = new Set<net.Socket>();
  private readonly waiting: ((socket: net.Socket | undefined) => void)[] = [];
  private readonly exchanges = new Map<net.Socket, { data(chunk: Buffer): void; error(error: Error): void; close(): void }>();
  private closed = false;
  private readonly maxConnections: number;
  private readonly maxResponseBytes: number;

  private constructor(
    private readonly server: net.Server,
    options: RuntimeClientOptions,
  ) {
    this.maxConnections = options.maxConnections ?? 2;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    server.on('connection', (socket) => this.accept(socket));
    server.on('error', () => undefined);
  }

  /** Listens on `socketPath` (which must not exist) for the proxy's connections. */
  static async listen(socketPath: string, options: RuntimeClientOptions = {}): Promise<RuntimeClient> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new RuntimeClient(server, options);
  }

  /** Resolves once the proxy has connected; false after `timeoutMs` without. */
  connected(timeoutMs: number): Promise<boolean> {
    if (this.open.size > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.server.off('connection', onConnection);
        resolve(false);
      }, timeoutMs);
      const onConnection = () => {
        clearTimeout(timer);
        resolve(!this.closed);
      };
      this.server.once('connection', onConnection);
    });
  }

  init(value: unknown, timeoutMs: number): Promise<ProxyResponse> {
    return this.post('/init', { value }, timeoutMs);
  }

  run(body: unknown, timeoutMs: number): Promise<ProxyResponse> {
    return this.post('/run', body, timeoutMs);
  }

  close(): void {
    this.closed = true;
    this.server.close();
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    this.idle.length = 0;
    for (const wake of this.waiting.splice(0)) wake(undefined);
  }

  private post(path: string, payload: unknown, timeoutMs: number): Promise<ProxyResponse> {
    const json = JSON.stringify(payload);
    const request = `POST ${path} HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    const idle = this.idle.pop();
    // The warm path: an idle connection, no waiting (and no extra promise).
    if (idle) return this.exchange(idle, request, timeoutMs);
    const started = Date.now();
    return this.nextConnection(Math.min(timeoutMs, this.open.size > 0 ? SPARE_WAIT_MS : NO_CONNECTION_WAIT_MS)).then((socket) => {
      if (socket) return this.exchange(socket, request, timeoutMs - (Date.now() - started));
      if (this.closed) throw new ProxyConnectionError('the container is gone');
      throw new ProxyConnectionError('the runtime in the container has no connection open to the worker');
    });
  }

  private exchange(socket: net.Socket, request: string, timeoutMs: number): Promise<ProxyResponse> {
    return new Promise((resolve, reject) => {
      const response = new ResponseReader(this.maxResponseBytes);
      let settled = false;
      const finish = (error: Error | undefined, answer?: ProxyResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.exchanges.delete(socket);
        if (error) {
          this.drop(socket);
          reject(error);
          return;
        }
        if (response.keepAlive && !this.closed) this.giveBack(socket);
        else this.drop(socket);
        resolve(answer!);
      };
      const timer = setTimeout(() => finish(new ProxyTimeoutError(timeoutMs)), timeoutMs);
      this.exchanges.set(socket, {
        data: (chunk) => {
          try {
            const answer = response.push(chunk);
            if (answer) finish(undefined, answer);
          } catch (error) {
            finish(error instanceof ProxyResponseTooLargeError ? error : new ProxyConnectionError((error as Error).message));
          }
        },
        error: (error) => finish(new ProxyConnectionError(error.message)),
        // A response without Content-Length ends with the connection.
        close: () => {
          const answer = response.end();
          finish(answer ? undefined : new ProxyConnectionError('the connection closed before the answer was complete'), answer);
        },
      });
      socket.write(request);
    });
  }

  /**
   * Each connection has its handlers for good, dispatching to the exchange
   * under way (cheaper than adding and removing listeners on every request).
   * Bytes that arrive while no request is under way break the protocol: the
   * connection is closed, so nothing is buffered for an idle container.
   */
  private accept(socket: net.Socket): void {
    // The proxy opens a connection only when all others are busy: more than the requests under way or
    // waiting, plus two, are not its (a hostile action holding descriptors of the worker's).
    const wanted = Math.min(this.maxConnections, this.exchanges.size + this.waiting.length + 2);
    if (this.closed || this.open.size >= wanted) {
      socket.destroy();
      return;
    }
    this.open.add(socket);
    socket.on('data', (chunk: Buffer) => {
      const exchange = this.exchanges.get(socket);
      if (exchange) exchange.data(chunk);
      else this.drop(socket);
    });
    socket.on('error', (error: Error) => this.exchanges.get(socket)?.error(error));
    // An idle connection the proxy closed must not be handed out again.
    socket.on('close', () => {
      this.exchanges.get(socket)?.close();
      this.drop(socket);
    });
    socket.resume();
    this.giveBack(socket);
  }

  /** An idle connection goes to the request waiting longest, or back to the idle list. */
  private giveBack(socket: net.Socket): void {
    const wake = this.waiting.shift();
    if (wake) wake(socket);
    else this.idle.push(socket);
  }

  private nextConnection(timeoutMs: number): Promise<net.Socket | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const wake = (socket: net.Socket | undefined) => {
        clearTimeout(timer);
        resolve(socket);
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(wake);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.push(wake);
    });
  }

  private drop(socket: net.Socket): void {
    this.open.delete(socket);
    const index = this.idle.indexOf(socket);
    if (index >= 0) this.idle.splice(index, 1);
    socket.destroy();
  }
}

/** Reads one HTTP/1.1 response from the chunks of a connection. */
class ResponseReader {
  keepAlive = true;
  constructor(private readonly maxBodyBytes: number) {}

  private chunks: Buffer[] = [];
  private length = 0;
  private status = 0;
  private bodyStart = -1;
  private contentLength = -1;

  /** Adds a chunk; returns the response once it is complete. */
  push(chunk: Buffer): ProxyResponse | undefined {
    const before = this.length;
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.bodyStart < 0) {
      // A head sent a byte at a time costs a copy of at most MAX_HEAD_BYTES a byte, and each byte is searched once.
      if (before > MAX_HEAD_BYTES) throw new Error(`no end of the response head after ${before} bytes`);
      const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.length);
      this.chunks = [data];
      const end = data.indexOf(HEADER_END, Math.max(0, before - HEADER_END.length + 1));
      if (end < 0) {
        if (this.length > MAX_HEAD_BYTES) throw new Error(`no end of the response head after ${this.length} bytes`);
        return undefined;
      }
      this.parseHead(data.toString('latin1', 0, end));
      this.bodyStart = end + HEADER_END.length;
    }
    const bodyBytes = Math.max(this.contentLength, this.length - this.bodyStart);
    if (bodyBytes > this.maxBodyBytes) throw new ProxyResponseTooLargeError(bodyBytes, this.maxBodyBytes);
    if (this.contentLength < 0 || this.length < this.bodyStart + this.contentLength) return undefined;
    return this.answer(this.bodyStart + this.contentLength);
  }

  /** The connection closed: complete only when the body was delimited by the close. */
  end(): ProxyResponse | undefined {
    if (this.bodyStart < 0 || this.contentLength >= 0) return undefined;
    this.keepAlive = false;
    return this.answer(this.length);
  }

  private parseHead(head: string): void {
    const lines = head.split('\r\n');
    const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!statusLine) throw new Error(`not an HTTP response: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
    this.status = Number(statusLine[1]);
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') this.contentLength = Number(value);
      else if (name === 'connection' && value.toLowerCase() === 'close') this.keepAlive = false;
      else if (name === 'transfer-encoding') throw new Error('chunked answers are not part of the action protocol');
    }
    if (this.contentLength < 0) this.keepAlive = false;
  }

  private answer(end: number): ProxyResponse {
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    const text = data.toString('utf8', this.bodyStart, end);
    return { status: this.status, body: parseJson(text), text };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
