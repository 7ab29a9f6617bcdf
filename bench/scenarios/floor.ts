// The floor: /run straight into a warm runtime container over its Unix
// socket, with the worker's own DockerBackend and RuntimeClient and nothing
// of the platform in between.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { imageForKind, resolveKind } from '@brisk/core';
import { DockerBackend } from '../../apps/worker/src/containers/docker-backend.ts';
import { closedLoop, summarize, type Summary } from '../lib/load.ts';
import { KINDS, NOOP, type BenchKind } from './actions.ts';
import type { Row } from '../lib/report.ts';

export interface FloorResult {
  createMs: number;
  initMs: number;
  run: Summary;
  perSecond: number;
}

export async function measureFloor(kind: BenchKind, limits: { durationMs: number; maxRequests: number }): Promise<FloorResult> {
  const socketRoot = await mkdtemp(path.join(os.tmpdir(), 'brisk-bench-floor-'));
  const backend = new DockerBackend({
    docker: new Docker({ socketPath: '/var/run/docker.sock' }),
    socketRoot,
    workerId: `bench-floor-${randomBytes(4).toString('hex')}`,
    directLogs: () => true, // as the worker runs the runtime images
  });
  const resolved = resolveKind(NOOP[kind].kind);
  const t0 = performance.now();
  const container = await backend.create({ image: imageForKind(resolved)!, kind: resolved, memoryMb: 256, concurrency: 1 });
  try {
    const createMs = performance.now() - t0;
    const t1 = performance.now();
    const init = await container.client.init({ name: 'floor', main: 'main', code: NOOP[kind].code, binary: false, env: {} }, 10_000);
    if (init.status !== 200) throw new Error(`floor: /init answered ${init.status}: ${init.text}`);
    const initMs = performance.now() - t1;
    const run = () =>
      container.client.run(
        { value: {}, namespace: 'bench', action_name: '/bench/floor', activation_id: '0'.repeat(32), deadline: String(Date.now() + 60_000) },
        60_000,
      );
    for (let i = 0; i < 200; i++) await run(); // warm-up: JIT, connection
    const result = await closedLoop({ clients: 1, ...limits, call: async () => (await run()).status === 200 });
    return {
      createMs: Math.round(createMs),
      initMs: Math.round(initMs),
      run: summarize(result.latencies),
      perSecond: Math.round((result.latencies.length / result.elapsedMs) * 1000),
    };
  } finally {
    await backend.destroy(container);
    await backend.removeLeftovers();
    await rm(socketRoot, { recursive: true, force: true });
  }
}

export function floorRows(floor: Partial<Record<BenchKind, FloorResult>>): Row[] {
  const out: Row[] = [];
  for (const kind of KINDS) {
    const f = floor[kind];
    if (f)
      out.push({
        scenario: `floor /run ${kind}`,
        p50: f.run.p50,
        p99: f.run.p99,
        perSecond: f.perSecond,
        note: `container start ${f.createMs} ms, /init ${f.initMs} ms`,
      });
  }
  return out;
}
