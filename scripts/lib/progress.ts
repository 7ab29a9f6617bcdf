// Small helpers shared by the set-up scripts: a log sink type, timing, and a
// throttle so chatty tools (debootstrap, docker build) become a few readable
// lines instead of hundreds.
import { spawn } from 'node:child_process';

/** Receives one finished line of human-readable output. */
export type Log = (line: string) => void;

/** Formats a duration the way the summaries print it: `850 ms`, `12.3 s`, `2 min 05 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Milliseconds since `start` (a `performance.now()` value). */
export function since(start: number): number {
  return Math.round(performance.now() - start);
}

export interface Throttle {
  /** Offers the current status; it is logged if it is urgent or enough time has passed. */
  update(line: string, urgent?: boolean): void;
  /** Logs the last offered status if it was held back. */
  flush(): void;
}

/**
 * At most one line per `intervalMs`, always the newest; `urgent` lines (phase
 * changes, warnings) go out at once. Nothing is lost at the end: `flush()`.
 */
export function throttle(log: Log, intervalMs = 3000): Throttle {
  let lastAt = 0;
  let pending: string | undefined;
  return {
    update(line, urgent = false) {
      const now = performance.now();
      if (urgent || now - lastAt >= intervalMs) {
        lastAt = now;
        pending = undefined;
        log(line);
      } else {
        pending = line;
      }
    },
    flush() {
      if (pending !== undefined) log(pending);
      pending = undefined;
    },
  };
}

/** Splits a byte stream into lines, calling `onLine` for each complete one. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer | string): void; end(): void } {
  let rest = '';
  return {
    push(chunk) {
      rest += chunk.toString();
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) onLine(part.replace(/\r$/, ''));
    },
    end() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

/** Keeps the last `size` lines, to quote in an error message when a tool fails. */
export function tail(size: number): { add(line: string): void; text(): string } {
  const lines: string[] = [];
  return {
    add(line) {
      lines.push(line);
      if (lines.length > size) lines.shift();
    },
    text: () => lines.join('\n'),
  };
}

/**
 * Runs a chatty tool, handing every line of its output (both streams) to
 * `onLine`; `done` runs once it exits (to flush a throttle). A failure quotes
 * the tool's last 25 lines, after `failure`.
 */
export function runTool(
  bin: string,
  args: string[],
  options: { onLine: (line: string) => void; done?: () => void; failure: string; env?: NodeJS.ProcessEnv },
): Promise<void> {
  const recent = tail(25);
  const onLine = (line: string) => {
    recent.add(line);
    options.onLine(line);
  };
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(options.env ? { env: options.env } : {}) });
    const out = lineSplitter(onLine);
    const err = lineSplitter(onLine);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      out.end();
      err.end();
      options.done?.();
      if (code === 0) resolve();
      else reject(new Error(`${options.failure} (exit ${code}); last output:\n${recent.text()}`));
    });
  });
}
