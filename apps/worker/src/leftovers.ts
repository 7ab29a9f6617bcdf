// Removing what dead workers left on the host (containers, channel
// directories, uid claims), and deciding which workers are dead.
import { workerHeartbeatKey } from '@brisk/core';
import type { Redis } from 'ioredis';
import type { DockerBackend } from './containers/docker-backend.ts';

/** How often a worker removes what crashed workers left running. */
const SWEEP_EVERY_MS = 60_000;

export interface HeartbeatJudge {
  isAlive(workerId: string): Promise<boolean>;
  /** Some worker's heartbeat is missing, and it is not judged yet: look again soon. */
  inDoubt(): boolean;
}

/**
 * A worker is dead when its heartbeat has been missing for `deadAfterMs`:
 * missing once is not enough (a Redis restart loses every heartbeat until
 * the next beat, and removing a living worker's containers would fail its
 * activations). In doubt, alive.
 */
export function heartbeatJudge(redis: Redis, prefix: string, deadAfterMs: number): HeartbeatJudge {
  const missingSince = new Map<string, number>();
  return {
    async isAlive(workerId) {
      if ((await redis.exists(workerHeartbeatKey(prefix, workerId))) === 1) {
        missingSince.delete(workerId);
        return true;
      }
      const since = missingSince.get(workerId);
      if (since === undefined) {
        missingSince.set(workerId, Date.now());
        return true;
      }
      if (Date.now() - since < deadAfterMs) return true;
      missingSince.delete(workerId);
      return false;
    },
    inDoubt: () => missingSince.size > 0,
  };
}

/** Sweeps at start, every minute after, and soon again while a worker's death is in doubt. */
export class LeftoverSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly backend: DockerBackend,
    private readonly judge: HeartbeatJudge,
    private readonly deadAfterMs: number,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.sweep();
    this.scheduleNext();
  }

  /** Stops sweeping, after the sweep under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const ms = this.judge.inDoubt() ? this.deadAfterMs + 250 : SWEEP_EVERY_MS;
    this.timer = setTimeout(() => void this.sweep().finally(() => this.scheduleNext()), ms);
    this.timer.unref();
  }

  private sweep(): Promise<void> {
    this.running = this.backend.removeLeftovers().then(
      (left) => {
        if (left.containers + left.directories + left.claims > 0) {
          this.log(`worker: removed what stopped workers left: ${left.containers} containers, ${left.directories} directories, ${left.claims} uid claims`);
        }
      },
      (error: Error) => this.log(`worker: removing what stopped workers left: ${error.message}`),
    );
    return this.running;
  }
}
