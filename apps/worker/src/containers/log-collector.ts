// Cuts a container's stdout and stderr into per-activation log lines. The
// runtime proxy ends each activation's output on both streams with a sentinel
// line; an activation's logs are complete when both sentinels have arrived.
//
// Whatever an action writes costs the worker memory and CPU, so everything
// here is bounded: an activation's lines by its log limit (bytes, plus a cost
// per line so that empty lines are not free), an unfinished line by that same
// limit, and output between activations by a small cap, past which it is
// dropped and the container reported as flooding (the pool destroys it).
// Output that is being dropped is only scanned for the sentinel, and `write`
// says so, so that the reader can slow the writer down.

export const LOG_SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';

/**
 * What a line costs against the log limit on top of its bytes: about what
 * keeping one more line costs the worker, Redis and Postgres (its timestamp
 * and stream in the record, quoting, an array slot), so that empty lines are
 * not free.
 */
export const LOG_LINE_COST_BYTES = 64;
/** Output between activations kept for the next one (stray asynchronous work prints there); more is dropped. */
export const IDLE_KEEP_BYTES = 64 * 1024;
/** Output between activations past which the container counts as flooding. */
export const IDLE_FLOOD_BYTES = 1024 * 1024;
/** An unfinished line longer than this is cut into a line of its own (Docker's json-file log cuts at 16 KB too). */
const MAX_LINE_BYTES = 16 * 1024;

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
  /** Output that arrived outside an activation (or on a stream after its sentinel): it belongs to the next one. */
  private early: { entry: string; cost: number }[] = [];
  private earlyCost = 0;
  private idleBytes = 0;
  private cost = 0;
  private truncated = false;
  /** Between begin() and finish(). */
  private active = false;
  private ended: Record<StreamName, boolean> = { stdout: false, stderr: false };
  private onBothEnded: (() => void) | undefined;
  private limitBytes = 0;
  /** Called with each kept line as it arrives, for live log streaming. */
  onLine: ((line: string) => void) | undefined;
  /** Called once when the container writes more than IDLE_FLOOD_BYTES between activations. */
  onIdleFlood: (() => void) | undefined;
  /** Set once the container flooded while idle: it must not be used again. */
  flooded = false;
  /** Set when activations run concurrently in the container: their output cannot be told apart. */
  private shared = false;
  /** The entry prefix (time and stream) of the lines of the chunk being cut: one string for them all. */
  private prefix = { stdout: '', stderr: '', at: -1 };

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
    this.cost = 0;
    this.truncated = false;
    this.active = true;
    this.ended = { stdout: false, stderr: false };
    this.limitBytes = limitBytes;
    this.onLine = onLine;
    this.idleBytes = 0;
    const early = this.early;
    this.early = [];
    this.earlyCost = 0;
    for (const { entry, cost } of early) this.keep(entry, cost);
  }

  /**
   * Feeds raw output of one stream, as it arrives. True when the output is
   * being dropped (over the limit, or between activations past the cap): the
   * caller may then read more slowly.
   */
  write(stream: StreamName, chunk: Buffer | string): boolean {
    if (this.shared) return true;
    const piece = chunk.toString();
    if (this.dropping(stream)) return this.skipToSentinel(stream, this.partial[stream] + piece);
    this.stamp();
    let rest: string;
    if (piece.indexOf('\n') < 0) {
      // More of an unfinished line: appended (V8 joins strings lazily), not cut again.
      rest = this.partial[stream] + piece;
    } else {
      const parts = (this.partial[stream] + piece).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) this.addLine(stream, line);
    }
    // An unfinished line too long to wait for becomes a line (never the start of a sentinel: that one must stay whole).
    if (rest.length > Math.min(MAX_LINE_BYTES, this.budgetLeft()) && !LOG_SENTINEL.startsWith(rest)) {
      this.addLine(stream, rest);
      rest = '';
    }
    this.partial[stream] = rest;
    return this.dropping(stream);
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
    this.active = false;
    return result;
  }

  /** True while a stream's output is not kept: the activation's logs are full, or idle output is past its cap. */
  private dropping(stream: StreamName): boolean {
    if (this.active && !this.ended[stream]) return this.truncated;
    return this.earlyCost >= IDLE_KEEP_BYTES;
  }

  private budgetLeft(): number {
    return this.active ? Math.max(0, this.limitBytes - this.cost) : IDLE_KEEP_BYTES;
  }

  /**
   * Dropped output is only searched for the sentinel line. What follows the
   * sentinel goes the usual way; without one, only as much of the last line
   * is kept as could still become the sentinel.
   */
  private skipToSentinel(stream: StreamName, text: string): boolean {
    const idle = !this.active || this.ended[stream];
    for (let from = 0; ; ) {
      const at = text.indexOf(LOG_SENTINEL, from);
      if (at < 0) break;
      const after = at + LOG_SENTINEL.length;
      const lineEnd = text[after] === '\r' ? after + 1 : after;
      if ((at === 0 || text[at - 1] === '\n') && text[lineEnd] === '\n') {
        if (idle) this.countIdle(at);
        this.partial[stream] = '';
        this.addLine(stream, LOG_SENTINEL);
        const rest = text.slice(lineEnd + 1);
        return rest.length > 0 ? this.write(stream, rest) : this.dropping(stream);
      }
      from = at + 1;
    }
    if (idle) this.countIdle(text.length);
    const lastBreak = text.lastIndexOf('\n');
    const tail = text.slice(lastBreak + 1);
    // A tail too long to be the sentinel is replaced by one byte that is not its start.
    this.partial[stream] = tail.length <= LOG_SENTINEL.length + 1 ? tail : '\u0000';
    return true;
  }

  /** Lines read together share their time: one date string a chunk, not one a line (an empty line then costs no string). */
  private stamp(): void {
    const now = Date.now();
    if (now === this.prefix.at) return;
    const time = new Date(now).toISOString();
    this.prefix = { stdout: `${time} stdout: `, stderr: `${time} stderr: `, at: now };
  }

  private entry(stream: StreamName, line: string): string {
    return line === '' ? this.prefix[stream] : this.prefix[stream] + line;
  }

  private flushPartials(): void {
    this.stamp();
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
    const cost = Buffer.byteLength(line) + LOG_LINE_COST_BYTES;
    if (!this.active || this.ended[stream]) {
      this.countIdle(cost);
      if (this.earlyCost >= IDLE_KEEP_BYTES) return;
      this.earlyCost += cost;
      this.early.push({ entry: this.entry(stream, line), cost });
      return;
    }
    if (this.truncated) return;
    this.keep(this.entry(stream, line), cost);
  }

  private countIdle(bytes: number): void {
    this.idleBytes += bytes;
    if (this.idleBytes > IDLE_FLOOD_BYTES && !this.flooded) {
      this.flooded = true;
      this.onIdleFlood?.();
    }
  }

  private keep(entry: string, cost: number): void {
    if (this.truncated) return;
    this.cost += cost;
    if (this.cost > this.limitBytes) {
      this.truncated = true;
      const notice = `${new Date().toISOString()} stderr: Logs were truncated because the total bytes size exceeds the limit of ${this.limitBytes} bytes (a line counts ${LOG_LINE_COST_BYTES} bytes more than its text).`;
      this.lines.push(notice);
      this.onLine?.(notice);
      return;
    }
    this.lines.push(entry);
    this.onLine?.(entry);
  }
}
