// Speaks OpenWhisk's action protocol (/init, /run) to a runtime proxy over
// its Unix socket: HTTP/1.1 with keep-alive, one connection per request in
// flight (the container pool, not the client, bounds how many).
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
  constructor(readonly bytes: number, readonly limit: number) {
    super(`the answer has ${bytes} bytes or more, over the ${limit} a result may have`);
  }
}

/** Room for the JSON around a result at its largest (MAX_PARAMETERS_BYTES is checked after parsing). */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024 + 64 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

export class RuntimeClient {
  private readonly idle: net.Socket[] = [];
  private readonly open = new Set<net.Socket>();
  private closed = false;

  constructor(
    private readonly socketPath: string,
    private readonly maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  ) {}

  init(value: unknown, timeoutMs: number): Promise<ProxyResponse> {
    return this.post('/init', { value }, timeoutMs);
  }

  run(body: unknown, timeoutMs: number): Promise<ProxyResponse> {
    return this.post('/run', body, timeoutMs);
  }

  close(): void {
    this.closed = true;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    this.idle.length = 0;
  }

  private post(path: string, payload: unknown, timeoutMs: number): Promise<ProxyResponse> {
    const json = JSON.stringify(payload);
    const request = `POST ${path} HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new ProxyConnectionError('the container is gone'));
        return;
      }
      const socket = this.idle.pop() ?? this.connect();
      const response = new ResponseReader(this.maxResponseBytes);
      let settled = false;
      const finish = (error: Error | undefined, answer?: ProxyResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
        if (error) {
          this.drop(socket);
          reject(error);
          return;
        }
        if (response.keepAlive && !this.closed) this.idle.push(socket);
        else this.drop(socket);
        resolve(answer!);
      };
      const onData = (chunk: Buffer) => {
        try {
          const answer = response.push(chunk);
          if (answer) finish(undefined, answer);
        } catch (error) {
          finish(error instanceof ProxyResponseTooLargeError ? error : new ProxyConnectionError((error as Error).message));
        }
      };
      const onError = (error: Error) => finish(new ProxyConnectionError(error.message));
      // A response without Content-Length ends with the connection.
      const onClose = () => {
        const answer = response.end();
        finish(answer ? undefined : new ProxyConnectionError('the connection closed before the answer was complete'), answer);
      };
      const timer = setTimeout(() => finish(new ProxyTimeoutError(timeoutMs)), timeoutMs);
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      socket.write(request);
    });
  }

  private connect(): net.Socket {
    const socket = net.connect(this.socketPath);
    this.open.add(socket);
    // An idle connection the proxy closed must not be handed out again.
    socket.once('close', () => this.drop(socket));
    socket.on('error', () => undefined);
    return socket;
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
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.bodyStart < 0) {
      const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.length);
      this.chunks = [data];
      const end = data.indexOf(HEADER_END);
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
