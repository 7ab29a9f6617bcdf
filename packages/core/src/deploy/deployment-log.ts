// A deployment's log: lines are kept on its row (batched, a few writes a
// second at most) and published on Redis as they come, for live viewers.
import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';

const FLUSH_EVERY_MS = 250;

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

  line(text: string): void {
    const line = `${new Date().toISOString()} ${text}`;
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
