// Cuts a container's stdout and stderr into per-activation log lines. The
// runtime proxy ends each activation's output on both streams with a sentinel
// line; an activation's logs are complete when both sentinels have arrived.

export const LOG_SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';

type StreamName = 'stdout' | 'stderr';

export interface CollectedLogs {
  lines: string[];
  /** False when a sentinel did not arrive in time (the container died, or the action closed its streams). */
  complete: boolean;
  truncated: boolean;
}

export class LogCollector {
  private partial: Record<StreamName, string> = { stdout: '', stderr: '' };
  private lines: string[] = [];
  /** Output that arrived on a stream after its sentinel: it belongs to the next activation. */
  private early: { entry: string; bytes: number }[] = [];
  private bytes = 0;
  private truncated = false;
  private ended: Record<StreamName, boolean> = { stdout: false, stderr: false };
  private onBothEnded: (() => void) | undefined;
  private limitBytes = Number.POSITIVE_INFINITY;
  /** Called with each kept line as it arrives, for live log streaming. */
  onLine: ((line: string) => void) | undefined;
  /** Set when activations run concurrently in the container: their output cannot be told apart. */
  private shared = false;

  /** Drops all output from now on (a container running activations concurrently). */
  share(): void {
    this.shared = true;
    this.partial = { stdout: '', stderr: '' };
    this.lines = [];
    this.early = [];
  }

  /** Starts collecting for a new activation. */
  begin(limitBytes: number, onLine?: (line: string) => void): void {
    this.lines = [];
    this.bytes = 0;
    this.truncated = false;
    this.ended = { stdout: false, stderr: false };
    this.limitBytes = limitBytes;
    this.onLine = onLine;
    const early = this.early;
    this.early = [];
    for (const { entry, bytes } of early) this.keep(entry, bytes);
  }

  /** Feeds raw output of one stream, as it arrives. */
  write(stream: StreamName, chunk: Buffer | string): void {
    if (this.shared) return;
    const text = this.partial[stream] + chunk.toString();
    const parts = text.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.addLine(stream, line);
  }

  /**
   * Waits until both sentinels are in, at most `graceMs`, then hands over
   * this activation's lines.
   */
  async finish(graceMs: number): Promise<CollectedLogs> {
    if (!(this.ended.stdout && this.ended.stderr)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.onBothEnded = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.onBothEnded = undefined;
    }
    const complete = this.ended.stdout && this.ended.stderr;
    if (!complete) this.flushPartials();
    const result = { lines: this.lines, complete, truncated: this.truncated };
    this.lines = [];
    this.onLine = undefined;
    return result;
  }

  private flushPartials(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.addLine(stream, this.partial[stream]);
      this.partial[stream] = '';
    }
  }

  private addLine(stream: StreamName, raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === LOG_SENTINEL) {
      this.ended[stream] = true;
      if (this.ended.stdout && this.ended.stderr) this.onBothEnded?.();
      return;
    }
    const entry = `${new Date().toISOString()} ${stream}: ${line}`;
    if (this.ended[stream]) {
      this.early.push({ entry, bytes: Buffer.byteLength(line) });
      return;
    }
    this.keep(entry, Buffer.byteLength(line));
  }

  private keep(entry: string, bytes: number): void {
    if (this.truncated) return;
    this.bytes += bytes;
    if (this.bytes > this.limitBytes) {
      this.truncated = true;
      const notice = `${new Date().toISOString()} stderr: Logs were truncated because the total bytes size exceeds the limit of ${this.limitBytes} bytes.`;
      this.lines.push(notice);
      this.onLine?.(notice);
      return;
    }
    this.lines.push(entry);
    this.onLine?.(entry);
  }
}
