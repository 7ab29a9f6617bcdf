// A deployment's log: lines are kept on its row (batched, a few writes a
// second at most) and published on Redis as they come, for live viewers.
import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';

const FLUSH_EVERY_MS = 250;
/** A deployment's log is for people: past these, lines are cut and then dropped (a git server can talk for ever). */
const MAX_LINES = 5_000;
const MAX_LINE_CHARS = 2_000;

export function deploymentLogChannel(prefix: string, deploymentId: string): string {
  return `${prefix}:deploy-log:${deploymentId}`;
}

export class DeploymentLog {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly deploymentId: string,
  ) {}

  private lines = 0;

  line(text: string): void {
    this.lines++;
    if (this.lines > MAX_LINES + 1) return;
    const said = this.lines === MAX_LINES + 1 ? `(the log stops here: more than ${MAX_LINES} lines)` : text;
    const cut = said.length > MAX_LINE_CHARS ? `${said.slice(0, MAX_LINE_CHARS)}…` : said;
    const line = `${new Date().toISOString()} ${cut}`;
    this.pending.push(line);
    this.redis.publish(deploymentLogChannel(this.prefix, this.deploymentId), line).catch(() => undefined);
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
