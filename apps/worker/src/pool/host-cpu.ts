// How busy the host's CPUs are, for the pool's growth rule: a container more
// adds capacity only where containers are what requests wait for. When every
// CPU is busy (say a burst of a short action on a small machine), another
// container adds nothing but its start-up, which takes the CPU the warm runs
// need. Read from the kernel's counters (os.cpus()), at most every
// SAMPLE_MS, on demand: no timer.
import os from 'node:os';

const SAMPLE_MS = 250;

interface Counters {
  busy: number;
  total: number;
}

function readCounters(): Counters {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

export class HostCpuLoad {
  private last: Counters;
  private lastAt: number;
  private fraction = 0;

  constructor(
    private readonly read: () => Counters = readCounters,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.last = this.read();
    this.lastAt = this.now();
  }

  /** The share of the host's CPU time that was busy over the last sample (0 to 1). */
  busyFraction(): number {
    const now = this.now();
    if (now - this.lastAt < SAMPLE_MS) return this.fraction;
    const counters = this.read();
    const total = counters.total - this.last.total;
    if (total > 0) this.fraction = (counters.busy - this.last.busy) / total;
    this.last = counters;
    this.lastAt = now;
    return this.fraction;
  }
}

/** The host's busy share, read from a sampler of its own. */
export function hostCpuBusy(): () => number {
  const load = new HostCpuLoad();
  return () => load.busyFraction();
}
