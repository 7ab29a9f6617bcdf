// Runs one git command of a fetch under a deadline and a watchdog. git starts
// helpers of its own (git-remote-https, index-pack), so it runs in a process
// group of its own and a stop kills the whole group; the promise settles only
// once the group's pipes have closed, so the caller may then delete the
// directory git was writing to.
import { spawn } from 'node:child_process';

export interface RunGitOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Epoch milliseconds by which the command must have finished. */
  deadline: number;
  /** Each line git prints on stderr (progress updates end in `\r`, other lines in `\n`). */
  onStderrLine?: (line: string) => void;
  /** Each chunk of stdout; without it stdout is collected (up to a megabyte). */
  onStdout?: (chunk: Buffer) => void;
  /** Polled while git runs; returning a message stops git with it. */
  watch?: { everyMs: number; check: () => Promise<string | undefined> | string | undefined };
}

export interface GitResult {
  code: number | null;
  stdout: string;
  /** The last 8 KB git printed on stderr. */
  stderr: string;
  /** Why git was stopped before it finished: the deadline, or the watch's message. */
  stopped?: { reason: 'deadline' } | { reason: 'watch'; message: string };
}

const MAX_STDOUT = 1024 * 1024;
const STDERR_TAIL = 8 * 1024;

/** Runs `git args…`; resolves with its exit and output, never rejects for git's own failure. */
export function runGit(args: string[], options: RunGitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let stopped: GitResult['stopped'];

    const stop = (why: NonNullable<GitResult['stopped']>) => {
      if (stopped) return;
      stopped = why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (options.onStdout) options.onStdout(chunk);
      else if (stdout.length < MAX_STDOUT) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr = (stderr + text).slice(-STDERR_TAIL);
      if (!options.onStderrLine) return;
      const parts = (pending + text).split(/[\r\n]/);
      pending = parts.pop()!;
      for (const line of parts) if (line.trim()) options.onStderrLine(line.trimEnd()); // git pads progress lines to overwrite the last
    });

    const timer = setTimeout(() => stop({ reason: 'deadline' }), Math.max(0, options.deadline - Date.now()));
    let polling = false;
    const poller = options.watch
      ? setInterval(async () => {
          if (polling || stopped) return;
          polling = true;
          try {
            const message = await options.watch!.check();
            if (message) stop({ reason: 'watch', message });
          } catch {
            // A failed poll is retried at the next tick; the caller checks again once git is done.
          } finally {
            polling = false;
          }
        }, options.watch.everyMs)
      : undefined;

    child.once('error', (error) => {
      clearTimeout(timer);
      clearInterval(poller);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      clearInterval(poller);
      if (pending.trim()) options.onStderrLine?.(pending.trimEnd());
      resolve({ code, stdout, stderr, stopped });
    });
  });
}
