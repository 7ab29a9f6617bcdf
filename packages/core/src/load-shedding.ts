// Load shedding: past a bound on activations waiting in the queue, a new
// invocation is refused at once with 503 and Retry-After (the platform is
// full), instead of being queued behind minutes of work that its caller will
// have given up on, and instead of the web taking connections until it
// resets them. A namespace over its own limits still gets 429 from the
// throttles; this is the platform's bound, shared by all.
//
// The depth is read from Redis at most every `sampleMs` per web replica, the
// calls that find it stale sharing one read, so the bound costs no round trip
// per invocation; a burst may overshoot it by what arrives within one sample.
import { unavailable } from './errors.ts';
import type { ActivationQueue } from './queue.ts';

/** Waiting activations past which invocations are refused: about 20 s of work at the ~240 activations/s a 2-core machine carries. */
export const DEFAULT_MAX_QUEUED_ACTIVATIONS = 5_000;

export class QueueDepthGate {
  private waiting = 0;
  private sampledAt = 0;
  private sampling: Promise<void> | undefined;

  constructor(
    private readonly queue: Pick<ActivationQueue, 'getJobCountByTypes'>,
    readonly maxWaiting: number,
    private readonly sampleMs = 250,
  ) {}

  /** Throws 503 when the queue is past its bound. */
  async admit(): Promise<void> {
    if (Date.now() - this.sampledAt > this.sampleMs) {
      // Calls that find the depth stale share one read: at most one round trip per sample, whatever the rate.
      this.sampling ??= this.sample().finally(() => {
        this.sampling = undefined;
      });
      await this.sampling;
    }
    if (this.waiting >= this.maxWaiting) {
      throw unavailable(`Brisk is at capacity: ${this.waiting} activations are waiting to run (the bound is ${this.maxWaiting}); try again in a few seconds.`);
    }
  }

  private async sample(): Promise<void> {
    // Activation jobs carry a priority (fair queueing), so they wait in 'prioritized', not 'waiting'; 'delayed'
    // holds those a worker sent back for a moment (its slots or their namespace's share were full).
    this.waiting = await this.queue.getJobCountByTypes('waiting', 'prioritized', 'delayed');
    this.sampledAt = Date.now();
  }
}
