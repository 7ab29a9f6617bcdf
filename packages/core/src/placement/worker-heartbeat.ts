// What a worker says about itself every BRISK_HEARTBEAT_MS at
// `<prefix>:workers:<id>` (expiring after three beats): its pool, what it
// runs (the whereabouts of activations), and what placement needs to know
// to send it work. Written by the worker, read by the web's placement, the
// whereabouts and the benchmark.

export interface WorkerHeartbeat {
  /** When it was written (epoch ms). */
  at: number;
  /** The worker's beat period: a beat older than a few of these is a dead worker's. */
  everyMs?: number;
  /** Activation ids it runs now. */
  running?: string[];
  /** The pool's statistics (`PoolStats`); placement reads the budget and the memory busy containers hold. */
  pool?: { budgetMb?: number; busyMemoryMb?: number } & Record<string, unknown>;
  /** Present when the worker takes jobs from a queue of its own. */
  placement?: {
    /** Activations it runs at once (BRISK_WORKER_CONCURRENCY). */
    slots: number;
    /** Jobs waiting in its own queue when it beat. */
    queued: number;
  };
}

/** The beat's JSON, or undefined when it is not a heartbeat. */
export function parseHeartbeat(text: string | null | undefined): WorkerHeartbeat | undefined {
  if (!text) return undefined;
  try {
    const beat = JSON.parse(text) as WorkerHeartbeat;
    return typeof beat === 'object' && beat !== null && typeof beat.at === 'number' ? beat : undefined;
  } catch {
    return undefined;
  }
}
