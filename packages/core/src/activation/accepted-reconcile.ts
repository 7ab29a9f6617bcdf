// The reconciler's queries over the accepted-activation ledger: forget the
// activations that have their record, and find the old enough ones that have
// none and are nowhere in Redis or on a worker. The worker that holds the
// reconciler's lock looks twice before it records one as lost.
import type { Db } from '@brisk/db';
import { Prisma } from '@brisk/db';
import type { CoreDeps } from '../deps.ts';
import { type ActivationJob, activationJobSchema } from '../queue.ts';
import { activationWhereabouts, runningActivationIds } from './whereabouts.ts';

/** Ledger rows past this are dropped whatever became of them: the reconciler had a day. */
const FORGET_AFTER_MS = 86_400_000;

/** Removes the ledger rows whose activation has its record (and any a day old); returns how many. */
export async function forgetRecordedAccepted(db: Db, now = Date.now()): Promise<number> {
  const recorded = await db.$executeRaw`DELETE FROM "AcceptedActivation" a USING "Activation" r WHERE r."activationId" = a."activationId"`;
  const stale = await db.acceptedActivation.deleteMany({ where: { acceptedAt: { lt: new Date(now - FORGET_AFTER_MS) } } });
  return recorded + stale.count;
}

/** Accepted over `olderThanMs` ago, with no record, no job in Redis and not running on any worker. */
export async function missingAcceptedActivations(
  deps: Pick<CoreDeps, 'db' | 'redis' | 'redisPrefix' | 'activationQueue'>,
  options: { olderThanMs: number; limit: number; now?: number },
): Promise<ActivationJob[]> {
  const before = new Date((options.now ?? Date.now()) - options.olderThanMs);
  const rows = await deps.db.$queryRaw<{ entry: unknown }[]>(Prisma.sql`
    SELECT a."entry" FROM "AcceptedActivation" a
    WHERE a."acceptedAt" < ${before}
      AND NOT EXISTS (SELECT 1 FROM "Activation" r WHERE r."activationId" = a."activationId")
    ORDER BY a."acceptedAt" LIMIT ${options.limit}`);
  if (rows.length === 0) return [];
  const running = await runningActivationIds(deps.redis, deps.redisPrefix);
  const missing: ActivationJob[] = [];
  for (const row of rows) {
    const parsed = activationJobSchema.safeParse(row.entry);
    if (!parsed.success) continue;
    if ((await activationWhereabouts(deps, parsed.data.activationId, running)) === 'missing') missing.push(parsed.data);
  }
  return missing;
}
