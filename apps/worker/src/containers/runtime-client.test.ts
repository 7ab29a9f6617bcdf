// The runtime client's small HTTP/1.1 implementation against proxies that
// answer in pieces, close connections, hang or vanish. The client listens and
// the "proxy" connects to it, as in a container; `proxyFor` plays the
// proxy's part with an ordinary server fed the connections it opened.
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

/**
 * A client, and a proxy for it that connects `connections` times to its
 * socket and hands each connection to `server` (reconnecting, as the runtime
 * proxies do, when none is left). `opened` counts the connections.
 */
async function clientFor(
  server: net.Server,
  options: { connections?: number; maxResponseBytes?: number } = {},
): Promise<{ client: RuntimeClient; opened: () => number }> {
  const where = await socketPath();
  const client = await RuntimeClient.listen(where, { maxConnections: 4, ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}) });
  cleanups.push(() => client.close());
  let opened = 0;
  let open = 0;
  let stopped = false;
  cleanups.push(() => {
    stopped = true;
  });
  const dial = () => {
    const socket = net.connect(where, () => {
      opened++;
      open++;
      server.emit('connection', socket);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      open--;
      if (open === 0 && !stopped) dial();
    });
  };
  for (let i = 0; i < (options.connections ?? 1); i++) dial();
  expect(await client.connected(1_000)).toBe(true);
  return { client, opened: () => opened };
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
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const text = JSON.stringify({ path: request.url, got: JSON.parse(body), ü: 'ünïcödé' });
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        response.end(text);
      });
    });
    const { client, opened } = await clientFor(server);
    for (let i = 0; i < 3; i++) {
      const answer = await client.run({ value: { i } }, 1_000);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ path: '/run', got: { value: { i } }, ü: 'ünïcödé' });
    }
    expect((await client.init({ code: 'x' }, 1_000)).body).toMatchObject({ path: '/init', got: { value: { code: 'x' } } });
    expect(opened()).toBe(1);
  });

  it('reads an answer that arrives byte by byte, and keeps the text of one that is not JSON', async () => {
    const { client } = await clientFor(
      rawServer((_request, socket) => {
        const bytes = Buffer.from('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 9\r\n\r\nnot json!');
        let i = 0;
        const timer = setInterval(() => {
          socket.write(bytes.subarray(i, i + 1));
          if (++i === bytes.length) clearInterval(timer);
        }, 1);
      }),
    );
    const answer = await client.run({}, 2_000);
    expect(answer).toEqual({ status: 502, body: undefined, text: 'not json!' });
  });

  it('takes the connection the proxy opens after one it closed', async () => {
    const { client, opened } = await clientFor(
      rawServer((_request, socket) => socket.end('HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}')),
    );
    expect((await client.run({}, 1_000)).status).toBe(413);
    expect((await client.run({}, 1_000)).status).toBe(413);
    expect(opened()).toBe(2);
  });

  it('reads an answer without Content-Length up to the end of the connection', async () => {
    const { client } = await clientFor(rawServer((_request, socket) => socket.end('HTTP/1.1 200 OK\r\n\r\n{"ok":true}')));
    expect((await client.run({}, 1_000)).body).toEqual({ ok: true });
  });

  it('gives up after its timeout', async () => {
    const { client } = await clientFor(rawServer(() => undefined));
    await expect(client.run({}, 200)).rejects.toBeInstanceOf(ProxyTimeoutError);
  });

  it('reports a dropped connection, and a proxy that never connected', async () => {
    const { client } = await clientFor(rawServer((_request, socket) => socket.destroy()));
    await expect(client.run({}, 1_000)).rejects.toBeInstanceOf(ProxyConnectionError);
    const nobody = await RuntimeClient.listen(await socketPath());
    cleanups.push(() => nobody.close());
    expect(await nobody.connected(50)).toBe(false);
    const started = Date.now();
    await expect(nobody.run({}, 10_000)).rejects.toBeInstanceOf(ProxyConnectionError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('keeps no more idle connections than the proxy needs, whatever its limit: a hostile action cannot hoard its descriptors', async () => {
    const where = await socketPath();
    const client = await RuntimeClient.listen(where, { maxConnections: 500 });
    cleanups.push(() => client.close());
    const closed = await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<boolean>((resolve) => {
            const socket = net.connect(where);
            socket.on('error', () => undefined);
            socket.on('close', () => resolve(true));
            setTimeout(() => {
              resolve(false);
              socket.destroy();
            }, 300);
          }),
      ),
    );
    expect(closed.filter(Boolean)).toHaveLength(3);
  });

  it('refuses an answer larger than its limit as soon as it says so, or as soon as it grows past it', async () => {
    // Announced: refused on the head, before a byte of the 50 MB body is read.
    const { client: announced } = await clientFor(
      rawServer((_request, socket) => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n{"a":"`)),
      { maxResponseBytes: 1024 },
    );
    const refusal = await announced.run({}, 2_000).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProxyResponseTooLargeError);
    expect((refusal as ProxyResponseTooLargeError).bytes).toBe(50 * 1024 * 1024);

    // Unannounced (delimited by the close): refused once past the limit, without waiting for the end.
    const { client: streamed } = await clientFor(
      rawServer((_request, socket) => socket.write(`HTTP/1.1 200 OK\r\n\r\n${'x'.repeat(4096)}`)),
      { maxResponseBytes: 1024 },
    );
    await expect(streamed.run({}, 2_000)).rejects.toBeInstanceOf(ProxyResponseTooLargeError);
  });

  it('runs requests side by side on separate connections', async () => {
    const { client } = await clientFor(
      rawServer((request, socket) => setTimeout(() => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}`), request.includes('"slow"') ? 300 : 10)),
      { connections: 2 },
    );
    const started = Date.now();
    const [slow, fast] = await Promise.all([client.run({ slow: true }, 1_000), client.run({}, 1_000).then(() => Date.now() - started)]);
    expect(slow.status).toBe(200);
    expect(fast).toBeLessThan(250);
  });
});
