// How long activation records are kept, and their removal once older. A
// namespace may keep them longer or shorter than the platform's default
// (BRISK_ACTIVATION_RETENTION_DAYS, 7 as OpenWhisk deployments typically
// keep). Rows go in small batches by the (namespace, start) index, so no
// statement holds locks for long and autovacuum reuses the space as it goes;
// a run stops at its time budget and the next goes on.
import type { Db } from '@brisk/db';
import { Prisma } from '@brisk/db';

export const DEFAULT_RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;

export function defaultRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const days = Number(env.BRISK_ACTIVATION_RETENTION_DAYS ?? DEFAULT_RETENTION_DAYS);
  return Number.isFinite(days) && days > 0 ? days : DEFAULT_RETENTION_DAYS;
}

export interface PurgeOptions {
  defaultDays: number;
  now?: number;
  /** Rows per DELETE. */
  batchSize?: number;
  /** Stops starting new batches after this long. */
  maxMs?: number;
}

/** Deletes every namespace's activations older than its retention; answers how many went. */
export async function purgeExpiredActivations(db: Db, options: PurgeOptions): Promise<number> {
  const now = options.now ?? Date.now();
  const batchSize = options.batchSize ?? 5_000;
  const deadline = Date.now() + (options.maxMs ?? 60_000);
  const namespaces = await db.namespace.findMany({ select: { id: true, activationRetentionDays: true } });
  let deleted = 0;
  for (const namespace of namespaces) {
    const before = new Date(now - (namespace.activationRetentionDays ?? options.defaultDays) * DAY_MS);
    for (;;) {
      if (Date.now() > deadline) return deleted;
      const count = await db.$executeRaw(Prisma.sql`
        DELETE FROM "Activation" WHERE "activationId" IN (
          SELECT "activationId" FROM "Activation" WHERE "namespaceId" = ${namespace.id}::uuid AND "start" < ${before} LIMIT ${batchSize}
        )`);
      deleted += count;
      if (count < batchSize) break;
    }
  }
  return deleted;
}
