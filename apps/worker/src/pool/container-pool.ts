// The worker's bounded pool of action containers.
//
// - Warm containers belong to one action version and take up to the action's
//   intra-container concurrency of activations at once.
// - Fresh containers (started, not yet /init'ed) serve any action of the same
//   image and memory limit: the stem cells kept ready per kind, and containers
//   started for demand.
// - The sum of the containers' memory limits never exceeds the budget. A new
//   container first evicts idle ones, least recently used first; when nothing
//   is idle, requests queue (never fail) until memory is given back.
// - At most `maxConcurrentCreates` containers are being started at once.
// - A request whose action's containers are all busy waits for one of them
//   when that is expected to be quicker than starting a container (a warm run
//   takes milliseconds, a start hundreds), and the pool grows while such
//   waits persist and the host's CPUs are not saturated. Never paused.
// - Stem cells are kept per image and memory size: the configured count,
//   raised to the largest recent burst of fresh containers taken
//   (stem-demand.ts), so a second burst finds its containers started.
import type { ContainerBackend, ContainerSpec } from '../containers/types.ts';
import { PoolEstimates } from './estimates.ts';
import { hostCpuBusy } from './host-cpu.ts';
import { chooseEvictions } from './eviction.ts';
import type { Lease, LeaseSource, PoolOptions, PoolStats, Slot, Waiter } from './pool-types.ts';
import { StemDemand } from './stem-demand.ts';
import { WarmSlots } from './warm-slots.ts';
import { specId, surplusOfStemCells } from './stem-cells.ts';

/** Past this share of the host's CPU in use, waiting requests do not make the pool grow (host-cpu.ts). */
const SATURATED_CPU = 0.9;
/** How often queued requests are looked at again (a long wait may turn into starting a container). */
const RECHECK_MS = 20;
/** A warm container idle this long may make room for a stem cell. */
const STEM_EVICTS_IDLE_MS = 2_000;
/** After a failed start, stem cells of that spec are not retried for this long. */
const STEM_RETRY_MS = 5_000;

export class ContainerPool {
  private readonly slots = new Set<Slot>();
  private readonly warm = new WarmSlots();
  private fresh: Slot[] = [];
  private waiters: Waiter[] = [];
  private readonly leases = new WeakMap<Lease, { slot: Slot; start: number; done: boolean }>();
  private readonly creating = new Map<string, number>();
  private creatingTotal = 0;
  private committedMb = 0;
  private freeingMb = 0;
  private readonly work = new Set<Promise<unknown>>();
  private readonly estimates = new PoolEstimates();
  private readonly stemRetryAt = new Map<string, number>();
  private readonly stemDemand: StemDemand;
  private readonly counters = { warm: 0, stem: 0, cold: 0, created: 0, evicted: 0, reaped: 0, createFailures: 0, flooded: 0, maxMemoryMb: 0 };
  private closed = false;
  private recheck: NodeJS.Timeout | undefined;
  private readonly reaper: NodeJS.Timeout;
  private readonly hostBusy: () => number;

  constructor(
    private readonly backend: ContainerBackend,
    private readonly options: PoolOptions,
  ) {
    this.hostBusy = options.hostBusy ?? hostCpuBusy();
    this.stemDemand = new StemDemand(options.stemDemand ?? { windowMs: 0, maxPerSpec: 0, maxMemoryMb: 0 }, options.stemCells ?? []);
    this.reaper = setInterval(() => {
      void this.reapIdle();
      this.pump(); // stem cells waiting for room, among others
    }, options.reapIntervalMs ?? 5_000);
    this.reaper.unref();
    this.pump();
  }

  /**
   * A container for `key` (an action version): warm when `lease.warm`, else
   * fresh and the caller must /init it. Waits while the budget is full.
   */
  acquire(key: string, spec: ContainerSpec): Promise<Lease> {
    if (this.closed) return Promise.reject(new Error('the worker is shutting down'));
    if (spec.memoryMb > this.options.memoryBudgetMb) {
      return Promise.reject(
        new Error(`the action needs ${spec.memoryMb} MB, more than this worker's container memory budget of ${this.options.memoryBudgetMb} MB`),
      );
    }
    if (this.waiters.length === 0) {
      // The warm path: a free container of this action version, nobody ahead.
      const warm = this.warm.free(key);
      if (warm) return Promise.resolve(this.lease(warm, key, spec, 'warm', performance.now()));
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ key, spec, since: performance.now(), resolve, reject });
      this.pump();
    });
  }

  /** Gives a healthy container back for the next activation. */
  release(lease: Lease): void {
    const state = this.end(lease);
    if (!state) return;
    // It flooded between the activation's end and now: not to be used again.
    if (state.slot.container.logs.flooded) {
      void this.destroy(state.slot);
      return;
    }
    this.estimates.observeHold(lease.key, state.slot.lastUsed - state.start);
    this.pump();
  }

  /** Destroys a container that must not be reused (timeout, crash, failed init). */
  async discard(lease: Lease): Promise<void> {
    const state = this.end(lease);
    if (state) await this.destroy(state.slot);
  }

  /** How long an /init took: weighs waiting against initializing a fresh container. */
  observeInit(ms: number): void {
    this.estimates.observeInit(ms);
  }

  stats(): PoolStats {
    let [busy, idle, destroying, busyMemoryMb] = [0, 0, 0, 0];
    for (const slot of this.slots) {
      if (slot.destroyed) destroying++;
      else if (slot.inFlight > 0) {
        busy++;
        busyMemoryMb += slot.memoryMb;
      } else if (slot.key !== undefined) idle++;
    }
    const { maxMemoryMb, ...counters } = this.counters;
    return {
      containers: this.slots.size,
      busy,
      idle,
      fresh: this.fresh.length,
      stemTarget: this.stemDemand.wanted(performance.now()).reduce((sum, stem) => sum + stem.count, 0),
      creating: this.creatingTotal,
      destroying,
      waiting: this.waiters.length,
      memoryMb: this.committedMb,
      busyMemoryMb,
      maxMemoryMb,
      budgetMb: this.options.memoryBudgetMb,
      ...counters,
      estimates: this.estimates.snapshot(),
    };
  }

  /** Destroys warm containers idle for longer than the idle timeout, and surplus fresh ones. */
  async reapIdle(now = performance.now()): Promise<number> {
    const surplus = this.surplusFresh();
    const expired = [...this.slots].filter(
      (slot) => !slot.destroyed && slot.inFlight === 0 && now - slot.lastUsed >= this.options.idleTimeoutMs && (slot.key !== undefined || surplus.has(slot)),
    );
    this.counters.reaped += expired.length;
    await Promise.all(expired.map((slot) => this.destroy(slot)));
    return expired.length;
  }

  /** Destroys every container, idle and busy; queued requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    clearTimeout(this.recheck);
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('the worker is shutting down'));
    await Promise.all([...this.slots].map((slot) => this.destroy(slot)));
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  // ------------------------------------------------------------ matching

  /** Hands out what can be handed out, and starts or evicts containers for the rest. */
  private pump(): void {
    if (this.closed) return;
    const now = performance.now();
    const still: Waiter[] = [];
    const demand = new Map<string, { spec: ContainerSpec; count: number }>();
    const growth = new Map<string, { spec: ContainerSpec; count: number }>();
    const queued = new Map<string, number>();
    for (const waiter of this.waiters) {
      const warm = this.warm.free(waiter.key);
      if (warm) {
        this.grant(waiter, warm, 'warm', now);
        continue;
      }
      const ahead = queued.get(waiter.key) ?? 0;
      const wait = this.expectedWait(waiter, ahead, now);
      if (wait > this.estimates.initMs) {
        const fresh = this.takeFresh(waiter.spec);
        if (fresh) {
          this.stemDemand.record(waiter.spec, now);
          this.grant(waiter, fresh, fresh.readyAt <= waiter.since ? 'stem' : 'cold', now);
          continue;
        }
      }
      still.push(waiter);
      queued.set(waiter.key, ahead + 1);
      const id = specId(waiter.spec);
      if (wait >= this.estimates.createMs) {
        const entry = demand.get(id) ?? { spec: waiter.spec, count: 0 };
        entry.count++;
        demand.set(id, entry);
      } else if (now - waiter.since > Math.max(5, 2 * (this.estimates.holdOf(waiter.key) ?? 0))) {
        const entry = growth.get(id) ?? { spec: waiter.spec, count: 0 };
        entry.count++;
        growth.set(id, entry);
      }
    }
    this.waiters = still;

    let claimedMb = 0;
    for (const [id, { spec, count }] of demand) {
      for (let missing = count - (this.creating.get(id) ?? 0); missing > 0; missing--) {
        if (!this.tryCreate(spec, claimedMb, { warmIdleForMs: 0 })) {
          claimedMb += missing * spec.memoryMb;
          break;
        }
      }
    }
    // Growth: a container more for every few requests that keep waiting, without evicting anything, unless the
    // host's CPUs are what they wait for (then a start only slows the runs down).
    const growing = growth.size > 0 && this.hostBusy() < SATURATED_CPU;
    for (const [id, { spec, count }] of growing ? growth : []) {
      if (demand.has(id)) continue;
      for (let missing = Math.ceil(count / 4) - (this.creating.get(id) ?? 0); missing > 0; missing--) {
        if (!this.tryCreate(spec, claimedMb, false)) break;
      }
    }
    if (demand.size === 0) this.refillStemCells(now);
    if (this.waiters.length > 0 && !this.recheck) {
      this.recheck = setTimeout(() => {
        this.recheck = undefined;
        this.pump();
      }, RECHECK_MS);
      this.recheck.unref();
    }
  }

  /** Milliseconds until a busy container of the waiter's action is expected to be free; Infinity when unknown. */
  private expectedWait(waiter: Waiter, ahead: number, now: number): number {
    const { capacity, busySince } = this.warm.capacity(waiter.key);
    return this.estimates.expectedWait(waiter.key, capacity, ahead, busySince, now);
  }

  private takeFresh(spec: ContainerSpec): Slot | undefined {
    const id = specId(spec);
    const index = this.fresh.findIndex((slot) => specId(slot) === id);
    if (index < 0) return undefined;
    return this.fresh.splice(index, 1)[0];
  }

  private grant(waiter: Waiter, slot: Slot, source: LeaseSource, now: number): void {
    waiter.resolve(this.lease(slot, waiter.key, waiter.spec, source, now));
  }

  private lease(slot: Slot, key: string, spec: ContainerSpec, source: LeaseSource, now: number): Lease {
    if (source !== 'warm') {
      slot.key = key;
      slot.maxConcurrent = Math.max(1, spec.concurrency);
      this.warm.add(key, slot);
    }
    slot.inFlight++;
    slot.lastUsed = now;
    this.counters[source]++;
    const lease: Lease = { container: slot.container, warm: source === 'warm', source, key };
    this.leases.set(lease, { slot, start: now, done: false });
    return lease;
  }

  private end(lease: Lease): { slot: Slot; start: number } | undefined {
    const state = this.leases.get(lease);
    if (!state || state.done) return undefined;
    state.done = true;
    state.slot.inFlight--;
    state.slot.lastUsed = performance.now();
    return state;
  }

  // ------------------------------------------------------------ creating and destroying (stem cells too)

  /**
   * Starts a container when a creation slot and memory are free. Otherwise,
   * with `evict`, evicts idle containers so that it fits next time.
   */
  private tryCreate(spec: ContainerSpec, claimedMb: number, evict: false | { warmIdleForMs: number }): boolean {
    if (this.creatingTotal >= this.options.maxConcurrentCreates) return false;
    const over = this.committedMb + claimedMb + spec.memoryMb - this.options.memoryBudgetMb;
    if (over > 0) {
      if (evict) this.evict(over - this.freeingMb, evict.warmIdleForMs);
      return false;
    }
    this.startCreate(spec);
    return true;
  }

  private startCreate(spec: ContainerSpec): void {
    const id = specId(spec);
    this.creatingTotal++;
    this.creating.set(id, (this.creating.get(id) ?? 0) + 1);
    this.committedMb += spec.memoryMb;
    this.counters.maxMemoryMb = Math.max(this.counters.maxMemoryMb, this.committedMb);
    const started = performance.now();
    const created = this.backend.create({ image: spec.image, kind: spec.kind, memoryMb: spec.memoryMb, concurrency: spec.concurrency }).then(
      (container) => {
        const now = performance.now();
        this.estimates.observeCreate(now - started);
        this.counters.created++;
        const slot: Slot = {
          container,
          image: spec.image,
          memoryMb: spec.memoryMb,
          key: undefined,
          maxConcurrent: 1,
          inFlight: 0,
          lastUsed: now,
          readyAt: now,
          destroyed: undefined,
        };
        this.slots.add(slot);
        // Output while nobody runs in it is a process the action left behind: the container goes.
        container.logs.onIdleFlood = () => {
          this.counters.flooded++;
          if (slot.inFlight === 0) void this.destroy(slot);
        };
        if (this.closed) void this.destroy(slot);
        else this.fresh.push(slot);
      },
      (error: unknown) => {
        this.committedMb -= spec.memoryMb;
        this.counters.createFailures++;
        this.stemRetryAt.set(id, performance.now() + STEM_RETRY_MS);
        this.options.onError?.(error);
        // A request that was counting on this container must not wait for one that cannot be made.
        const index = this.waiters.findIndex((waiter) => specId(waiter.spec) === id && !this.warm.has(waiter.key));
        if (index >= 0) this.waiters.splice(index, 1)[0]!.reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
    this.track(
      created.finally(() => {
        this.creatingTotal--;
        this.creating.set(id, (this.creating.get(id) ?? 1) - 1);
        this.pump();
      }),
    );
  }

  /**
   * Evicts idle containers worth at least `neededMb`: surplus fresh ones, then
   * the least recently used warm ones, then stem cells. With `warmIdleForMs`
   * (making room for a stem cell), only warm containers idle that long.
   */
  private evict(neededMb: number, warmIdleForMs = 0): void {
    for (const slot of chooseEvictions(this.slots, neededMb, { surplus: this.surplusFresh(), warmIdleForMs, now: performance.now() })) {
      this.counters.evicted++;
      void this.destroy(slot);
    }
  }

  private destroy(slot: Slot): Promise<void> {
    if (slot.destroyed) return slot.destroyed;
    if (slot.key !== undefined) {
      if (this.warm.remove(slot.key, slot)) this.estimates.forget(slot.key);
    } else {
      this.fresh = this.fresh.filter((entry) => entry !== slot);
    }
    this.freeingMb += slot.memoryMb;
    slot.destroyed = this.backend
      .destroy(slot.container)
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.slots.delete(slot);
        this.freeingMb -= slot.memoryMb;
        this.committedMb -= slot.memoryMb;
        this.pump();
      });
    this.track(slot.destroyed);
    return slot.destroyed;
  }

  private track(promise: Promise<unknown>): void {
    this.work.add(promise);
    void promise.finally(() => this.work.delete(promise));
  }

  private refillStemCells(now: number): void {
    for (const stem of this.stemDemand.wanted(now)) {
      const id = specId(stem);
      if ((this.stemRetryAt.get(id) ?? 0) > now) continue;
      let have = (this.creating.get(id) ?? 0) + this.fresh.filter((slot) => specId(slot) === id).length;
      for (; have < stem.count; have++) {
        // A stem cell is worth more than a warm container nobody used for a while.
        const started = this.tryCreate({ image: stem.image, kind: stem.kind, memoryMb: stem.memoryMb, concurrency: 1 }, 0, {
          warmIdleForMs: STEM_EVICTS_IDLE_MS,
        });
        if (!started) return;
      }
    }
  }

  /** Fresh containers beyond the stem-cell targets: the first to go. */
  private surplusFresh(): Set<Slot> {
    return surplusOfStemCells(this.fresh, this.stemDemand.wanted(performance.now()));
  }
}
