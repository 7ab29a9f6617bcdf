// The runtime client's small HTTP/1.1 implementation against servers that
// answer in pieces, close connections, hang or vanish.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyConnectionError, ProxyResponseTooLargeError, ProxyTimeoutError, RuntimeClient } from './runtime-client.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function socketPath(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'brisk-client-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, 'proxy.sock');
}

async function listen(server: net.Server): Promise<string> {
  const where = await socketPath();
  await new Promise<void>((resolve) => server.listen(where, resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return where;
}

/** A raw server that answers every request with `answer(requestText, socket)`. */
function rawServer(answer: (request: string, socket: net.Socket) => void): net.Server {
  return net.createServer((socket) => {
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
      const head = data.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(data.slice(0, head))?.[1] ?? 0);
      if (data.length < head + 4 + length) return;
      const request = data.slice(0, head + 4 + length);
      data = data.slice(head + 4 + length);
      answer(request, socket);
    });
    socket.on('error', () => undefined);
  });
}

describe('RuntimeClient', () => {
  it('posts JSON and reads JSON answers, reusing one connection', async () => {
    let connections = 0;
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const text = JSON.stringify({ path: request.url, got: JSON.parse(body), ü: 'ünïcödé' });
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        response.end(text);
      });
    });
    server.on('connection', () => connections++);
    const client = new RuntimeClient(await listen(server));
    cleanups.push(() => client.close());
    for (let i = 0; i < 3; i++) {
      const answer = await client.run({ value: { i } }, 1_000);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ path: '/run', got: { value: { i } }, ü: 'ünïcödé' });
    }
    expect((await client.init({ code: 'x' }, 1_000)).body).toMatchObject({ path: '/init', got: { value: { code: 'x' } } });
    expect(connections).toBe(1);
  });

  it('reads an answer that arrives byte by byte, and keeps the text of one that is not JSON', async () => {
    const where = await listen(
      rawServer((_request, socket) => {
        const bytes = Buffer.from('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 9\r\n\r\nnot json!');
        let i = 0;
        const timer = setInterval(() => {
          socket.write(bytes.subarray(i, i + 1));
          if (++i === bytes.length) clearInterval(timer);
        }, 1);
      }),
    );
    const client = new RuntimeClient(where);
    cleanups.push(() => client.close());
    const answer = await client.run({}, 2_000);
    expect(answer).toEqual({ status: 502, body: undefined, text: 'not json!' });
  });

  it('opens a new connection after one the proxy closed', async () => {
    let connections = 0;
    const server = rawServer((_request, socket) => socket.end('HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}'));
    server.on('connection', () => connections++);
    const client = new RuntimeClient(await listen(server));
    cleanups.push(() => client.close());
    expect((await client.run({}, 1_000)).status).toBe(413);
    expect((await client.run({}, 1_000)).status).toBe(413);
    expect(connections).toBe(2);
  });

  it('reads an answer without Content-Length up to the end of the connection', async () => {
    const client = new RuntimeClient(await listen(rawServer((_request, socket) => socket.end('HTTP/1.1 200 OK\r\n\r\n{"ok":true}'))));
    cleanups.push(() => client.close());
    expect((await client.run({}, 1_000)).body).toEqual({ ok: true });
  });

  it('gives up after its timeout', async () => {
    const client = new RuntimeClient(await listen(rawServer(() => undefined)));
    cleanups.push(() => client.close());
    await expect(client.run({}, 200)).rejects.toBeInstanceOf(ProxyTimeoutError);
  });

  it('reports a dropped connection, and a missing socket', async () => {
    const client = new RuntimeClient(await listen(rawServer((_request, socket) => socket.destroy())));
    cleanups.push(() => client.close());
    await expect(client.run({}, 1_000)).rejects.toBeInstanceOf(ProxyConnectionError);
    const nowhere = new RuntimeClient(await socketPath());
    await expect(nowhere.run({}, 1_000)).rejects.toBeInstanceOf(ProxyConnectionError);
  });

  it('refuses an answer larger than its limit as soon as it says so, or as soon as it grows past it', async () => {
    // Announced: refused on the head, before a byte of the 50 MB body is read.
    const announced = new RuntimeClient(
      await listen(rawServer((_request, socket) => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n{"a":"`))),
      1024,
    );
    cleanups.push(() => announced.close());
    const refusal = await announced.run({}, 2_000).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProxyResponseTooLargeError);
    expect((refusal as ProxyResponseTooLargeError).bytes).toBe(50 * 1024 * 1024);

    // Unannounced (delimited by the close): refused once past the limit, without waiting for the end.
    const streamed = new RuntimeClient(
      await listen(rawServer((_request, socket) => socket.write(`HTTP/1.1 200 OK\r\n\r\n${'x'.repeat(4096)}`))),
      1024,
    );
    cleanups.push(() => streamed.close());
    await expect(streamed.run({}, 2_000)).rejects.toBeInstanceOf(ProxyResponseTooLargeError);
  });

  it('runs requests side by side on separate connections', async () => {
    const client = new RuntimeClient(
      await listen(rawServer((request, socket) => setTimeout(() => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}`), request.includes('"slow"') ? 300 : 10))),
    );
    cleanups.push(() => client.close());
    const started = Date.now();
    const [slow, fast] = await Promise.all([client.run({ slow: true }, 1_000), client.run({}, 1_000).then(() => Date.now() - started)]);
    expect(slow.status).toBe(200);
    expect(fast).toBeLessThan(250);
  });
});
