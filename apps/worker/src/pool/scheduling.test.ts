// The pool's scheduling policy on its own, against a backend that only
// keeps time (ContainerBackend is an interface): the budget, the limit on
// starts at once, waiting versus starting, failures, stem cells and floods.
// What Docker adds is in container-pool.test.ts.
import { describe, expect, it } from 'vitest';
import { LogCollector } from '../containers/log-collector.ts';
import type { RuntimeClient } from '../containers/runtime-client.ts';
import type { ContainerBackend, ContainerExit, ContainerSpec, RuntimeContainer } from '../containers/types.ts';
import { ContainerPool } from './container-pool.ts';
import type { PoolOptions } from './pool-types.ts';

class FakeContainer implements RuntimeContainer {
  readonly logs = new LogCollector();
  readonly client = {} as RuntimeClient; // the pool never talks to the runtime
  destroyed = false;
  constructor(
    readonly id: string,
    readonly spec: ContainerSpec,
  ) {}
  async inspect(): Promise<ContainerExit> {
    return { running: !this.destroyed, oomKilled: false, exitCode: 0 };
  }
}

/** Starts containers in `createMs`, removes them in `destroyMs`, and notes what a real engine would have held. */
class TimedBackend implements ContainerBackend {
  live = new Set<FakeContainer>();
  liveMb = 0;
  peakMb = 0;
  creating = 0;
  peakCreating = 0;
  created = 0;
  failNext = 0;
  constructor(
    private readonly createMs = 30,
    private readonly destroyMs = 10,
  ) {}

  async create(spec: ContainerSpec): Promise<RuntimeContainer> {
    this.creating++;
    this.peakCreating = Math.max(this.peakCreating, this.creating);
    // Memory is taken from the moment the engine starts creating.
    this.liveMb += spec.memoryMb;
    this.peakMb = Math.max(this.peakMb, this.liveMb);
    await sleep(this.createMs);
    this.creating--;
    if (this.failNext > 0) {
      this.failNext--;
      this.liveMb -= spec.memoryMb;
      throw new Error('the engine refused');
    }
    const container = new FakeContainer(`c${++this.created}`, spec);
    this.live.add(container);
    return container;
  }

  async destroy(container: RuntimeContainer): Promise<void> {
    const fake = container as FakeContainer;
    await sleep(this.destroyMs);
    if (this.live.delete(fake)) this.liveMb -= fake.spec.memoryMb;
    fake.destroyed = true;
  }

  async removeLeftovers() {
    return { containers: 0, directories: 0, claims: 0 };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const spec = (memoryMb = 128, image = 'runtime:a'): ContainerSpec => ({ image, kind: 'nodejs:18', memoryMb, concurrency: 1 });

function pool(backend: TimedBackend, options: Partial<PoolOptions> = {}): ContainerPool {
  // The host's CPU as idle unless a test says otherwise: these tests' runs are timers, not work.
  return new ContainerPool(backend, { memoryBudgetMb: 512, idleTimeoutMs: 600_000, maxConcurrentCreates: 2, hostBusy: () => 0, ...options });
}

describe('the pool’s scheduling', () => {
  it('serves a burst of many actions within its memory budget and its limit on starts at once', async () => {
    const backend = new TimedBackend(20, 5);
    const containers = pool(backend, { memoryBudgetMb: 512, maxConcurrentCreates: 2 });
    // 60 activations of 12 actions, 128 or 256 MB, each holding its container 5 to 25 ms.
    await Promise.all(
      Array.from({ length: 60 }, async (_, n) => {
        const lease = await containers.acquire(`action-${n % 12}@1`, spec(n % 3 === 0 ? 256 : 128));
        await sleep(5 + (n % 5) * 5);
        containers.release(lease);
      }),
    );
    expect(backend.peakMb).toBeLessThanOrEqual(512);
    expect(containers.stats().maxMemoryMb).toBeLessThanOrEqual(512);
    expect(backend.peakCreating).toBeLessThanOrEqual(2);
    expect(containers.stats().evicted).toBeGreaterThan(0);
    await containers.close();
    expect(backend.live.size).toBe(0);
  });

  it('lets a request wait for a busy container of its action when that is quicker than starting one', async () => {
    const backend = new TimedBackend(300);
    const containers = pool(backend, { memoryBudgetMb: 4096, maxConcurrentCreates: 4 });
    // Teach it that this action holds a container for about 5 ms.
    for (let i = 0; i < 5; i++) {
      const lease = await containers.acquire('quick@1', spec());
      await sleep(5);
      containers.release(lease);
    }
    const createdBefore = backend.created;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const lease = await containers.acquire('quick@1', spec());
        await sleep(5);
        containers.release(lease);
      }),
    );
    // Eight 5 ms runs queue behind the warm container rather than each paying a 300 ms start.
    expect(backend.created - createdBefore).toBeLessThanOrEqual(1);
    await containers.close();
  });

  /** 16 callers at once on an action nobody ran yet, each calling again as soon as it is answered (5 ms runs), for 1.5 s. */
  async function burstOnNewAction(containers: ContainerPool): Promise<number> {
    const until = performance.now() + 1_500;
    let runs = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (performance.now() < until) {
          const lease = await containers.acquire('burst@1', spec());
          await sleep(5);
          containers.release(lease);
          runs++;
        }
      }),
    );
    return runs;
  }

  it('starts only the first wave of containers for a burst of a short action while the host’s CPUs are saturated', async () => {
    const backend = new TimedBackend(300);
    const containers = pool(backend, { memoryBudgetMb: 4096, maxConcurrentCreates: 4, hostBusy: () => 1 });
    const runs = await burstOnNewAction(containers);
    // The first wave (one per start slot) starts before any run has ended. After it, callers of a 5 ms action
    // wait a few ms for a busy container: on a saturated host another start would only take the runs' CPU.
    expect(backend.created).toBe(4);
    expect(runs).toBeGreaterThan(200);
    await containers.close();
  });

  it('grows past the first wave for the same burst while the host’s CPUs have room', async () => {
    const backend = new TimedBackend(300);
    const containers = pool(backend, { memoryBudgetMb: 4096, maxConcurrentCreates: 4, hostBusy: () => 0.3 });
    await burstOnNewAction(containers);
    // Twelve callers keep waiting behind four containers: more containers cut their wait.
    expect(backend.created).toBeGreaterThan(6);
    await containers.close();
  });

  it('lets a second request wait for the container its action’s first activation is giving back, not take a spare stem cell', async () => {
    const backend = new TimedBackend(30);
    const containers = pool(backend, { stemCells: [{ kind: 'nodejs:18', image: 'runtime:a', memoryMb: 128, count: 2 }] });
    await expect.poll(() => containers.stats().fresh).toBe(2);
    const first = await containers.acquire('new@1', spec());
    expect(first.source).toBe('stem');
    // The caller heard the result and calls again a few milliseconds before the container is released.
    const second = containers.acquire('new@1', spec());
    await sleep(10);
    containers.release(first);
    expect((await second).source).toBe('warm');
    containers.release(await second);
    await containers.close();
  });

  it('fails the request that needed a container the engine could not start, and serves the next', async () => {
    const backend = new TimedBackend();
    const containers = pool(backend);
    backend.failNext = 1;
    await expect(containers.acquire('a@1', spec())).rejects.toThrow(/the engine refused/);
    expect(containers.stats()).toMatchObject({ createFailures: 1, memoryMb: 0 });
    const lease = await containers.acquire('a@1', spec());
    expect(lease.warm).toBe(false);
    containers.release(lease);
    await containers.close();
  });

  it('refuses at once an action larger than the whole budget', async () => {
    const containers = pool(new TimedBackend(), { memoryBudgetMb: 256 });
    await expect(containers.acquire('big@1', spec(512))).rejects.toThrow(/more than this worker's container memory budget of 256 MB/);
    await containers.close();
  });

  it('serves a first activation from a stem cell and refills it', async () => {
    const backend = new TimedBackend(50);
    const containers = pool(backend, { stemCells: [{ kind: 'nodejs:18', image: 'runtime:a', memoryMb: 128, count: 1 }] });
    await expect.poll(() => containers.stats().fresh).toBe(1);
    const lease = await containers.acquire('first@1', spec());
    expect(lease.source).toBe('stem');
    await expect.poll(() => containers.stats().fresh).toBe(1);
    expect(backend.created).toBe(2);
    containers.release(lease);
    await containers.close();
  });

  it('keeps as many stem cells as the last burst took, serves the next burst from them, and lets them go when the burst is past', async () => {
    const backend = new TimedBackend(40);
    const containers = pool(backend, {
      memoryBudgetMb: 4096,
      idleTimeoutMs: 200,
      reapIntervalMs: 50,
      stemCells: [{ kind: 'nodejs:18', image: 'runtime:a', memoryMb: 128, count: 1 }],
      stemDemand: { windowMs: 1_500, maxPerSpec: 6, maxMemoryMb: 2048 },
    });
    const burst = (action: string) =>
      Promise.all(
        Array.from({ length: 6 }, async () => {
          const lease = await containers.acquire(action, spec());
          await sleep(300);
          containers.release(lease);
          return lease.source;
        }),
      );
    await expect.poll(() => containers.stats().fresh).toBe(1);
    // The first burst finds one stem cell and starts five containers.
    expect((await burst('first@1')).sort()).toEqual(['cold', 'cold', 'cold', 'cold', 'cold', 'stem']);
    expect(containers.stats().stemTarget).toBe(6);
    await expect.poll(() => containers.stats().fresh).toBe(6);
    // The next new action's burst is served by stem cells only.
    expect(await burst('second@1')).toEqual(['stem', 'stem', 'stem', 'stem', 'stem', 'stem']);
    // Past the window, the target is the configured one again and the extras are reaped once idle.
    await expect.poll(() => containers.stats().stemTarget, { timeout: 3_000 }).toBe(1);
    await expect.poll(() => containers.stats().fresh, { timeout: 3_000 }).toBe(1);
    await containers.close();
  });

  it('destroys a container that floods while idle, and one that flooded while leased as it is released', async () => {
    const backend = new TimedBackend();
    const containers = pool(backend);
    const idle = await containers.acquire('a@1', spec());
    containers.release(idle);
    (idle.container as FakeContainer).logs.onIdleFlood?.();
    await expect.poll(() => (idle.container as FakeContainer).destroyed).toBe(true);

    const leased = await containers.acquire('b@1', spec());
    const logs = leased.container.logs;
    logs.flooded = true;
    logs.onIdleFlood?.();
    // Not under a running activation: only when it comes back.
    expect((leased.container as FakeContainer).destroyed).toBe(false);
    containers.release(leased);
    await expect.poll(() => (leased.container as FakeContainer).destroyed).toBe(true);
    expect(containers.stats().flooded).toBe(2);
    const next = await containers.acquire('b@1', spec());
    expect(next.warm).toBe(false);
    await containers.close();
  });
});
