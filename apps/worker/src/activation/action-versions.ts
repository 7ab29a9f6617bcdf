// Action versions are immutable once saved, so the worker can keep the ones
// it ran in memory and skip Postgres on the warm path.
import type { Db } from '@brisk/db';

export interface ActionVersionData {
  kind: string;
  code: string | null;
  main: string | null;
  binary: boolean;
  image: string | null;
  components: string[];
  annotations: unknown;
  timeoutMs: number;
  memoryMb: number;
  logsMb: number;
  concurrency: number;
}

export class ActionVersionCache {
  private readonly entries = new Map<string, ActionVersionData>();

  constructor(
    private readonly db: Db,
    private readonly maxEntries = 500,
  ) {}

  async get(actionId: string, version: string): Promise<ActionVersionData | undefined> {
    const key = `${actionId}@${version}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert to keep the most recently used last (Map order = LRU order).
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const row = await this.db.actionVersion.findUnique({
      where: { actionId_version: { actionId, version } },
      select: {
        kind: true,
        code: true,
        main: true,
        binary: true,
        image: true,
        components: true,
        annotations: true,
        timeoutMs: true,
        memoryMb: true,
        logsMb: true,
        concurrency: true,
      },
    });
    if (!row) return undefined;
    this.entries.set(key, row);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return row;
  }
}
