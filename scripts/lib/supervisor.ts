// Keeps `npm start`'s processes running: a child that exits is started again
// after a back-off that doubles (1 s up to 30 s, and back to 1 s once a child
// has run a minute), and each exit is logged with its cause. A child that
// keeps failing (five exits within a minute: a port in use, a broken build)
// is given up on: everything stops and `npm start` exits non-zero, saying why.
import type { ChildProcess } from 'node:child_process';

export interface SupervisedChild {
  name: string;
  start(): ChildProcess;
}

export interface SupervisorOptions {
  log: (line: string) => void;
  /** Called once when a child is given up on (or on stop()), after every child has exited. */
  onGiveUp: (reason: string) => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Exits within `windowMs` that mean a child cannot run. */
  maxExits?: number;
  windowMs?: number;
}

interface Running {
  spec: SupervisedChild;
  child: ChildProcess;
  startedAt: number;
  delayMs: number;
  exits: number[];
  /** The child's last lines of output, for the reason given when it is given up on. */
  lastLines: string[];
}

export class Supervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  /** Starts the child and keeps it running. */
  add(spec: SupervisedChild): void {
    this.launch({ spec, child: undefined as never, startedAt: 0, delayMs: this.options.firstDelayMs ?? 1_000, exits: [], lastLines: [] });
  }

  /** The process id of a child now (tests kill it). */
  pid(name: string): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  /** Stops every child (SIGTERM, SIGKILL after `graceMs`) and resolves when all have exited. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    const children = [...this.running.values()].map((entry) => entry.child).filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of children) child.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const child of children) child.kill('SIGKILL');
    }, graceMs);
    killer.unref();
    await Promise.all(
      children.map(
        (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve))),
      ),
    );
    clearTimeout(killer);
  }

  private launch(entry: Running): void {
    const { spec } = entry;
    entry.child = spec.start();
    entry.startedAt = Date.now();
    this.options.log(`[brisk] ${spec.name} started (pid ${entry.child.pid})`);
    this.running.set(spec.name, entry);
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        this.options.log(`[${spec.name}] ${line}`);
        entry.lastLines.push(line);
        if (entry.lastLines.length > 5) entry.lastLines.shift();
      }
    };
    entry.child.stdout?.on('data', relay);
    entry.child.stderr?.on('data', relay);
    entry.child.once('exit', (code, signal) => this.exited(entry, code, signal));
  }

  private exited(entry: Running, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const now = Date.now();
    const windowMs = this.options.windowMs ?? 60_000;
    const cause = signal ? `killed by ${signal}` : `exit code ${code}`;
    entry.exits = [...entry.exits.filter((at) => now - at < windowMs), now];
    if (entry.exits.length >= (this.options.maxExits ?? 5)) {
      const last = entry.lastLines.length ? `; its last lines: ${entry.lastLines.join(' | ')}` : '';
      const reason = `${entry.spec.name} exited ${entry.exits.length} times within ${windowMs / 1000} s (last: ${cause})${last}`;
      this.options.log(`[brisk] ${reason}; giving up`);
      void this.stop().then(() => this.options.onGiveUp(reason));
      return;
    }
    // A child that ran a while had a one-off failure: start again soon.
    if (now - entry.startedAt > windowMs) entry.delayMs = this.options.firstDelayMs ?? 1_000;
    const delay = entry.delayMs;
    entry.delayMs = Math.min(this.options.maxDelayMs ?? 30_000, delay * 2);
    this.options.log(`[brisk] ${entry.spec.name} exited (${cause}); starting it again in ${delay / 1000} s`);
    setTimeout(() => {
      if (!this.stopping) this.launch(entry);
    }, delay);
  }
}
