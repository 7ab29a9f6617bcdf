// The load generator's own HTTP/1.1 client for invocations: keep-alive TCP
// connections, one request at a time on each, a request is one write (as wrk
// does). Node's http client costs a few hundred microseconds of CPU per
// request, and the benchmark shares the machine's cores with what it measures.
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class RawHttpClient {
  private readonly idle: net.Socket[] = [];
  private readonly all = new Set<net.Socket>();

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly authorization: string,
  ) {}

  post(path: string, body: string, extraHeaders: Record<string, string> = {}): Promise<RawResponse> {
    let head = `POST ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nAuthorization: ${this.authorization}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    for (const [name, value] of Object.entries(extraHeaders)) head += `${name}: ${value}\r\n`;
    const request = `${head}\r\n${body}`;
    return new Promise((resolve, reject) => {
      const socket = this.idle.pop() ?? this.connect();
      let buffer: Buffer = Buffer.alloc(0);
      let parsed: { status: number; headers: Record<string, string>; bodyStart: number } | undefined;
      const done = (error: Error | undefined, response?: RawResponse, keep = false) => {
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
        if (keep) this.idle.push(socket);
        else {
          this.all.delete(socket);
          socket.destroy();
        }
        if (error) reject(error);
        else resolve(response!);
      };
      const onData = (chunk: Buffer) => {
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        if (!parsed) {
          const end = buffer.indexOf(HEADER_END);
          if (end < 0) return;
          const lines = buffer.toString('latin1', 0, end).split('\r\n');
          const headers: Record<string, string> = {};
          for (const line of lines.slice(1)) {
            const colon = line.indexOf(':');
            if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
          }
          parsed = { status: Number(lines[0]!.split(' ')[1]), headers, bodyStart: end + 4 };
        }
        const keep = parsed.headers.connection?.toLowerCase() !== 'close';
        if (parsed.headers['content-length'] !== undefined) {
          const end = parsed.bodyStart + Number(parsed.headers['content-length']);
          if (buffer.length >= end)
            done(undefined, { status: parsed.status, headers: parsed.headers, text: buffer.toString('utf8', parsed.bodyStart, end) }, keep);
        } else if (parsed.headers['transfer-encoding']?.toLowerCase() === 'chunked') {
          const text = dechunk(buffer, parsed.bodyStart);
          if (text !== undefined) done(undefined, { status: parsed.status, headers: parsed.headers, text }, keep);
        }
      };
      const onError = (error: Error) => done(error);
      const onClose = () => {
        if (parsed && parsed.headers['content-length'] === undefined && parsed.headers['transfer-encoding'] === undefined) {
          done(undefined, { status: parsed.status, headers: parsed.headers, text: buffer.toString('utf8', parsed.bodyStart) });
        } else done(new Error('the connection closed before the answer was complete'));
      };
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      socket.write(request);
    });
  }

  close(): void {
    for (const socket of this.all) socket.destroy();
    this.all.clear();
    this.idle.length = 0;
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.all.delete(socket);
      const index = this.idle.indexOf(socket);
      if (index >= 0) this.idle.splice(index, 1);
    });
    this.all.add(socket);
    return socket;
  }
}

/** The body of a complete chunked message, or undefined while incomplete. */
function dechunk(buffer: Buffer, start: number): string | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (size === 0) return buffer.indexOf('\r\n\r\n', lineEnd) >= 0 || buffer.length >= lineEnd + 4 ? Buffer.concat(parts).toString('utf8') : undefined;
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
