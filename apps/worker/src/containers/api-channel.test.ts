// The worker's end of an action's way to the API, against a local HTTP
// server playing the API: requests pass on to that one origin only, and
// nothing else goes through it (other paths, other hosts, CONNECT, too many
// connections, too many bytes); closing it cuts calls under way.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiChannel, apiAgent } from './api-channel.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A fake API that records what reaches it; `/api/v1/slow` never answers. */
async function fakeApi(): Promise<{ url: URL; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === '/api/v1/slow') return;
      if (req.url === '/api/v1/big') {
        res.end(Buffer.alloc(4096, 'x'));
        return;
      }
      res.setHeader('set-cookie', 'session=1');
      res.end(JSON.stringify({ ok: true, url: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), seen };
}

async function channelFor(apiUrl: URL, limits: { maxConnections?: number; maxBodyBytes?: number; timeoutMs?: number } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'brisk-api-channel-test-'));
  const socketPath = path.join(dir, 'api.sock');
  const agent = apiAgent(apiUrl);
  const channel = await ApiChannel.listen(socketPath, { apiUrl, agent, ...limits });
  cleanups.push(async () => {
    channel.close();
    agent.destroy();
    await rm(dir, { recursive: true, force: true });
  });
  return { channel, socketPath };
}

/** Sends raw bytes over the socket and reads everything until the channel closes (or `waitMs`). */
function exchange(socketPath: string, raw: string, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(text);
    }, waitMs);
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.write(raw);
  });
}

function get(
  socketPath: string,
  url: string,
  headers: http.OutgoingHttpHeaders = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: url, headers: { connection: 'close', ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the API channel', () => {
  it('passes API requests on to the API, with its Host and without hop-by-hop headers, cookies or forwarded addresses', async () => {
    const api = await fakeApi();
    const { socketPath } = await channelFor(api.url);
    const answer = await get(socketPath, '/api/v1/namespaces/_/actions?limit=1', {
      authorization: 'Basic a2V5',
      host: 'evil.example:22',
      cookie: 'brisk_session=stolen',
      'x-forwarded-for': '10.0.0.1',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, url: '/api/v1/namespaces/_/actions?limit=1' });
    expect(answer.headers['set-cookie']).toBeUndefined();
    const [seen] = api.seen;
    expect(seen?.headers).toMatchObject({ authorization: 'Basic a2V5', host: api.url.host });
    expect(seen?.headers.cookie).toBeUndefined();
    expect(seen?.headers['x-forwarded-for']).toBeUndefined();
  });

  it('refuses anything but origin-form /api/v1 paths: other paths, absolute URLs, dot segments, CONNECT, upgrades', async () => {
    const api = await fakeApi();
    const { socketPath } = await channelFor(api.url);
    expect((await get(socketPath, '/api/trpc/namespaces.list')).status).toBe(403);
    expect((await get(socketPath, '/api/v1/../trpc/x')).status).toBe(403);
    expect((await get(socketPath, '/api/v1/%2e%2e/trpc/x')).status).toBe(403);
    expect(await exchange(socketPath, 'GET http://127.0.0.1:22/api/v1/ HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n')).toMatch(/^HTTP\/1\.1 403/);
    expect(await exchange(socketPath, 'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n')).toMatch(/^HTTP\/1\.1 405/);
    expect(await exchange(socketPath, 'GET /api/v1/ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n')).toMatch(/^HTTP\/1\.1 405/);
    expect(await exchange(socketPath, 'SSH-2.0-OpenSSH_9.0\r\n\r\n')).toBe('');
    expect(api.seen).toEqual([]);
  });

  it('bounds bodies both ways', async () => {
    const api = await fakeApi();
    const { socketPath } = await channelFor(api.url, { maxBodyBytes: 1024 });
    const big = 'x'.repeat(2048);
    expect(await exchange(socketPath, `POST /api/v1/x HTTP/1.1\r\nHost: x\r\nContent-Length: ${big.length}\r\n\r\n${big}`)).toMatch(/^HTTP\/1\.1 413/);
    const chunked = await exchange(socketPath, `POST /api/v1/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n${big}\r\n0\r\n\r\n`);
    expect(chunked).not.toMatch(/^HTTP\/1\.1 200/);
    // The answer is cut past the limit.
    const answer = await exchange(socketPath, 'GET /api/v1/big HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer.length).toBeLessThan(4096);
  });

  it('holds a bounded number of connections per container, and cuts calls under way when closed', async () => {
    const api = await fakeApi();
    const { channel, socketPath } = await channelFor(api.url, { maxConnections: 2 });
    const slow = [get(socketPath, '/api/v1/slow').catch((error: Error) => error), get(socketPath, '/api/v1/slow').catch((error: Error) => error)];
    await expect.poll(() => api.seen.length).toBe(2);
    // A third connection is closed on arrival.
    expect(await exchange(socketPath, 'GET /api/v1/x HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('');
    channel.close();
    for (const outcome of await Promise.all(slow)) expect(outcome).toBeInstanceOf(Error);
    expect(channel.connections).toBe(0);
  });

  it('times a call out', async () => {
    const api = await fakeApi();
    const { socketPath } = await channelFor(api.url, { timeoutMs: 300 });
    expect((await get(socketPath, '/api/v1/slow')).status).toBe(504);
  });
});
