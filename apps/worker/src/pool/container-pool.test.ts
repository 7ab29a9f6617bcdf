// The container pool against a real Docker engine: reuse, stem cells, the
// memory budget (LRU eviction, queueing), idle reaping, intra-container
// concurrency.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { imageForKind } from '@brisk/core';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerBackend } from '../containers/docker-backend.ts';
import type { ContainerSpec } from '../containers/types.ts';
import { ContainerPool } from './container-pool.ts';
import type { Lease, PoolOptions } from './pool-types.ts';

const KIND = 'nodejs:18';
const IMAGE = imageForKind(KIND)!;
const spec = (memoryMb = 128, concurrency = 1): ContainerSpec => ({ image: IMAGE, kind: KIND, memoryMb, concurrency });

const opened: { pool: ContainerPool; backend: DockerBackend; socketRoot: string }[] = [];

async function openPool(options: Partial<PoolOptions>): Promise<ContainerPool> {
  const socketRoot = await mkdtemp(path.join(os.tmpdir(), 'brisk-pool-test-'));
  const backend = new DockerBackend({
    docker: new Docker({ socketPath: '/var/run/docker.sock' }),
    socketRoot,
    workerId: `pool-test-${randomBytes(4).toString('hex')}`,
  });
  const pool = new ContainerPool(backend, { memoryBudgetMb: 1024, idleTimeoutMs: 600_000, maxConcurrentCreates: 2, ...options });
  opened.push({ pool, backend, socketRoot });
  return pool;
}

afterEach(async () => {
  for (const { pool, backend, socketRoot } of opened.splice(0)) {
    await pool.close();
    await backend.removeLeftovers();
    await rm(socketRoot, { recursive: true, force: true });
  }
});

async function init(lease: Lease, code = 'function main() { return { pid: process.pid }; }'): Promise<void> {
  const answer = await lease.container.client.init({ name: 'test', main: 'main', code, binary: false, env: {} }, 10_000);
  expect(answer.status).toBe(200);
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ContainerPool', () => {
  it('reuses a released container for the same action version, and only for it', async () => {
    const pool = await openPool({});
    const first = await pool.acquire('a@0.0.1', spec());
    expect(first.warm).toBe(false);
    await init(first);
    pool.release(first);

    const again = await pool.acquire('a@0.0.1', spec());
    expect(again.warm).toBe(true);
    expect(again.source).toBe('warm');
    expect(again.container.id).toBe(first.container.id);
    pool.release(again);

    const other = await pool.acquire('a@0.0.2', spec());
    expect(other.warm).toBe(false);
    expect(other.container.id).not.toBe(first.container.id);
    pool.release(other);
  });

  it('serves a first activation from a stem cell and starts a new one in the background', async () => {
    const pool = await openPool({ stemCells: [{ kind: KIND, image: IMAGE, memoryMb: 256, count: 1 }] });
    await until(() => pool.stats().fresh === 1);
    const lease = await pool.acquire('b@0.0.1', spec(256));
    expect(lease.source).toBe('stem');
    expect(lease.warm).toBe(false);
    await init(lease); // a stem cell still takes its action's /init
    await until(() => pool.stats().fresh === 1 && pool.stats().created === 2);
    pool.release(lease);
    // A stem cell serves only its own memory size.
    const other = await pool.acquire('c@0.0.1', spec(128));
    expect(other.source).toBe('cold');
    pool.release(other);
  });

  it('makes room for its stem cell by evicting a warm container nobody used for a while', async () => {
    const pool = await openPool({ memoryBudgetMb: 256, reapIntervalMs: 200, stemCells: [{ kind: KIND, image: IMAGE, memoryMb: 128, count: 1 }] });
    await until(() => pool.stats().fresh === 1);
    const a = await pool.acquire('a@1', spec());
    expect(a.source).toBe('stem');
    await until(() => pool.stats().fresh === 1); // refilled: 256 MB in use
    const b = await pool.acquire('b@1', spec());
    expect(b.source).toBe('stem');
    pool.release(a);
    pool.release(b);
    // Both warm and recently used: the stem cell waits; once they idle long enough, one goes.
    expect(pool.stats().fresh).toBe(0);
    await until(() => pool.stats().fresh === 1);
    expect(pool.stats().evicted).toBe(1);
    expect(pool.stats().maxMemoryMb).toBeLessThanOrEqual(256);
  });

  it('evicts the least recently used idle container when the budget is full, never exceeding it', async () => {
    const pool = await openPool({ memoryBudgetMb: 256 });
    const a = await pool.acquire('a@1', spec());
    const b = await pool.acquire('b@1', spec());
    pool.release(a);
    pool.release(b);
    const aAgain = await pool.acquire('a@1', spec()); // now b is the least recently used
    pool.release(aAgain);

    const c = await pool.acquire('c@1', spec());
    expect(c.source).toBe('cold');
    pool.release(c);
    expect(pool.stats().evicted).toBe(1);
    expect((await pool.acquire('a@1', spec())).warm).toBe(true);
    expect(pool.stats().maxMemoryMb).toBeLessThanOrEqual(256);
  });

  it('queues a request while every container in the budget is busy, then serves it', async () => {
    const pool = await openPool({ memoryBudgetMb: 128 });
    const held = await pool.acquire('a@1', spec());
    let served: Lease | undefined;
    const waiting = pool.acquire('b@1', spec()).then((lease) => (served = lease));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(served).toBeUndefined();
    expect(pool.stats().waiting).toBe(1);

    pool.release(held);
    const lease = await waiting;
    expect(lease.source).toBe('cold');
    expect(pool.stats().maxMemoryMb).toBeLessThanOrEqual(128);
    expect(pool.stats().createFailures).toBe(0);
    pool.release(lease);
  });

  it('refuses at once an action that needs more memory than the whole budget', async () => {
    const pool = await openPool({ memoryBudgetMb: 128 });
    await expect(pool.acquire('big@1', spec(256))).rejects.toThrow(/memory budget of 128 MB/);
  });

  it('reaps containers idle for longer than the idle timeout, but keeps its stem cells', async () => {
    const pool = await openPool({ idleTimeoutMs: 300, reapIntervalMs: 100, stemCells: [{ kind: KIND, image: IMAGE, memoryMb: 256, count: 1 }] });
    const lease = await pool.acquire('d@1', spec());
    pool.release(lease);
    await until(() => pool.stats().reaped === 1 && pool.stats().destroying === 0);
    await until(() => pool.stats().fresh === 1);
    expect(pool.stats().idle).toBe(0);
    expect(pool.stats().containers).toBe(1);
  });

  it('runs activations of an action with concurrency > 1 in one container at once', async () => {
    const pool = await openPool({});
    const first = await pool.acquire('e@1', spec(128, 2));
    await init(first, 'async function main() { await new Promise((resolve) => setTimeout(resolve, 1000)); return { pid: process.pid }; }');
    const second = await pool.acquire('e@1', spec(128, 2));
    expect(second.warm).toBe(true);
    expect(second.container.id).toBe(first.container.id);

    const started = Date.now();
    const run = (lease: Lease) => lease.container.client.run({ value: {} }, 10_000);
    const answers = await Promise.all([run(first), run(second)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(Date.now() - started).toBeLessThan(1_900); // together, not one after the other
    pool.release(first);
    pool.release(second);
  });
});
