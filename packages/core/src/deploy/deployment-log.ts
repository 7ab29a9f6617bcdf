// A deployment's log: lines are kept on its row (batched, a few writes a
// second at most) and published on Redis as they come, for live viewers.
// Each published line carries its index in the row's log, so a viewer that
// read the row and then hears a line knows whether it already has it.
import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';

const FLUSH_EVERY_MS = 250;
/** A deployment's log is for people: past these, lines are cut and then dropped (a git server can talk for ever). */
const MAX_LINES = 5_000;
const MAX_LINE_CHARS = 2_000;

export function deploymentLogChannel(prefix: string, deploymentId: string): string {
  return `${prefix}:deploy-log:${deploymentId}`;
}

/** One line as published: its index in the deployment's log, and the line. */
export interface LiveDeploymentLine {
  index: number;
  line: string;
}

export function decodeDeploymentLine(message: string): LiveDeploymentLine | undefined {
  try {
    const parsed = JSON.parse(message) as Partial<LiveDeploymentLine>;
    return Number.isInteger(parsed.index) && typeof parsed.line === 'string' ? { index: parsed.index!, line: parsed.line } : undefined;
  } catch {
    return undefined;
  }
}

export class DeploymentLog {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  private lines = 0;
  /** The index the next stored line gets: lines of an earlier attempt come first. */
  private nextIndex: number;

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly deploymentId: string,
    storedLines = 0,
  ) {
    this.nextIndex = storedLines;
  }

  line(text: string): void {
    this.lines++;
    if (this.lines > MAX_LINES + 1) return;
    const said = this.lines === MAX_LINES + 1 ? `(the log stops here: more than ${MAX_LINES} lines)` : text;
    const cut = said.length > MAX_LINE_CHARS ? `${said.slice(0, MAX_LINE_CHARS)}…` : said;
    const line = `${new Date().toISOString()} ${cut}`;
    this.pending.push(line);
    const live: LiveDeploymentLine = { index: this.nextIndex++, line };
    this.redis.publish(deploymentLogChannel(this.prefix, this.deploymentId), JSON.stringify(live)).catch(() => undefined);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes what is pending; resolves once every line so far is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.pending.splice(0);
    if (lines.length > 0) {
      this.writing = this.writing
        .then(() => this.db.deployment.update({ where: { id: this.deploymentId }, data: { logs: { push: lines } } }))
        .then(
          () => undefined,
          (error: unknown) => console.error(`deploy: log lines of ${this.deploymentId} not stored:`, error),
        );
    }
    return this.writing;
  }
}
