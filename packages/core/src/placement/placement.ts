// Placement on a web replica: which queue an activation goes to. The
// healthy workers come from their heartbeats, read at most once a second
// per replica (in the background once known, so an invocation never waits
// for it); between two beats of a worker the replica books what it sent
// there itself, so a burst does not pile onto a home that the last beat
// showed idle. The home worker by hash, else the next by a coprime step,
// else the shared queue, which any worker takes from.
import type { Redis } from 'ioredis';
import { type ActivationQueue, workerHeartbeatKey } from '../queue.ts';
import { chooseWorker, type PlacementCandidate } from './home-worker.ts';
import { parseHeartbeat, type WorkerHeartbeat } from './worker-heartbeat.ts';
import { workerQueueOn } from './worker-queues.ts';

/** A beat older than this many of its worker's periods is a dead worker's (its key lives three). */
const HEALTHY_FOR_BEATS = 2.5;

interface KnownWorker {
  workerId: string;
  beat: WorkerHeartbeat & { placement: NonNullable<WorkerHeartbeat['placement']> };
  /** Activations this replica placed there since the worker's beat (id → when). */
  booked: Map<string, number>;
}

export interface PlacementOptions {
  /** How old the worker list may get (ms). */
  refreshMs?: number;
  now?: () => number;
}

export class Placement {
  private workers: KnownWorker[] = [];
  private readonly bookedOn = new Map<string, KnownWorker>();
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;
  private readonly refreshMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly redisPrefix: string,
    private readonly shared: ActivationQueue,
    options: PlacementOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** The queue for an activation of `actionKey` needing `memoryMb`, booked on its worker until that worker's next beat or `settled`. */
  async place(actionKey: string, memoryMb: number, activationId: string): Promise<{ queue: ActivationQueue; workerId?: string }> {
    await this.fresh();
    const now = this.now();
    const healthy = this.workers.filter((worker) => now - worker.beat.at <= HEALTHY_FOR_BEATS * (worker.beat.everyMs ?? 2_000));
    const chosen = chooseWorker(
      actionKey,
      healthy.map((worker) => this.candidate(worker, memoryMb)),
      memoryMb,
    );
    const worker = chosen && healthy.find((known) => known.workerId === chosen.workerId);
    if (!worker) return { queue: this.shared };
    worker.booked.set(activationId, now);
    this.bookedOn.set(activationId, worker);
    return { queue: workerQueueOn(this.redis, this.redisPrefix, worker.workerId), workerId: worker.workerId };
  }

  /** The activation ended (a blocking caller heard it) or was never enqueued: its booking is free again. */
  settled(activationId: string): void {
    this.bookedOn.get(activationId)?.booked.delete(activationId);
    this.bookedOn.delete(activationId);
  }

  /** The healthy workers placement knows now, sorted by id (tests, diagnostics). */
  knownWorkers(): string[] {
    return this.workers.map((worker) => worker.workerId);
  }

  private candidate(worker: KnownWorker, memoryMb: number): PlacementCandidate {
    const { beat } = worker;
    const pending = beat.placement.queued + worker.booked.size;
    const freeSlots = beat.placement.slots - (beat.running?.length ?? 0) - pending;
    const budget = beat.pool?.budgetMb ?? Number.POSITIVE_INFINITY;
    const freeMemoryMb = budget - (beat.pool?.busyMemoryMb ?? 0) - pending * memoryMb;
    return { workerId: worker.workerId, freeSlots, freeMemoryMb };
  }

  private async fresh(): Promise<void> {
    if (this.now() - this.readAt <= this.refreshMs) return;
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    // Once a list is known, placement goes on with it while the next is read: no Redis round trip on the invoke path.
    if (this.readAt === Number.NEGATIVE_INFINITY) await this.reading;
    else this.reading.catch(() => undefined);
  }

  private async read(): Promise<void> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', workerHeartbeatKey(this.redisPrefix, '*'), 'COUNT', 100);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    const beats = keys.length > 0 ? await this.redis.mget(...keys) : [];
    const start = workerHeartbeatKey(this.redisPrefix, '').length;
    const previous = new Map(this.workers.map((worker) => [worker.workerId, worker]));
    const workers: KnownWorker[] = [];
    keys.forEach((key, i) => {
      const beat = parseHeartbeat(beats[i]);
      if (!beat?.placement) return;
      const workerId = key.slice(start);
      const booked = previous.get(workerId)?.booked ?? new Map<string, number>();
      // What was placed before the beat is in its counts now.
      for (const [id, at] of booked) {
        if (at < beat.at) {
          booked.delete(id);
          this.bookedOn.delete(id);
        }
      }
      workers.push({ workerId, beat: beat as KnownWorker['beat'], booked });
    });
    for (const [workerId, gone] of previous) {
      if (!workers.some((worker) => worker.workerId === workerId)) for (const id of gone.booked.keys()) this.bookedOn.delete(id);
    }
    this.workers = workers.sort((a, b) => (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0));
    this.readAt = this.now();
  }
}
