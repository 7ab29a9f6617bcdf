// The durability check against real Redis servers of the test's own: one
// that keeps nothing and may evict, one configured as `npm start` runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@brisk/testing/processes';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisDurabilityWarnings } from './redis-durability.ts';

const servers: { child: ChildProcess; client: Redis; dir: string }[] = [];

async function redisWith(args: string[]): Promise<Redis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'brisk-redis-check-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...args], { stdio: 'ignore' });
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  servers.push({ child, client, dir });
  // The server takes a moment to listen.
  for (let attempt = 0; ; attempt++) {
    try {
      await client.connect();
      return client;
    } catch (error) {
      if (attempt > 50) throw error;
      client.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

afterAll(async () => {
  for (const server of servers) {
    server.client.disconnect();
    server.child.kill('SIGKILL');
    await rm(server.dir, { recursive: true, force: true });
  }
});

describe('the Redis durability check', () => {
  it('warns about a Redis that keeps nothing and may evict', async () => {
    const redis = await redisWith(['--appendonly', 'no', '--save', '', '--maxmemory-policy', 'allkeys-lru']);
    const warnings = await redisDurabilityWarnings(redis);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/keeps no data .* loses every accepted activation/);
    expect(warnings[1]).toMatch(/may evict keys \(maxmemory-policy allkeys-lru\)/);
  });

  it('is quiet about a Redis run as npm start runs it', async () => {
    const redis = await redisWith(['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction']);
    expect(await redisDurabilityWarnings(redis)).toEqual([]);
  });
});
