// Reading and writing activation records.
import type { Db, Prisma } from '@brisk/db';
import { isActivationId } from './activation-id.ts';
import type { ActivationRecord } from './activation-record.ts';
import { lostRecord, pendingRecord, rowToRecord, type ActivationEntity } from './activation/records.ts';
import type { CoreDeps } from './deps.ts';
import { badRequest, notFound } from './errors.ts';
import type { Caller } from './namespaces.ts';
import type { ListOptions } from './listing.ts';
import { assertNoNul, filterDate } from './query-values.ts';
import { findActivationJob } from './placement/worker-queues.ts';
import { activationJobSchema, finishedActivationKey, type FinishedActivation } from './queue.ts';

/**
 * Whether an activation of the caller's namespace records an action or a
 * trigger firing. Only stored records can be trigger firings (they are written
 * when the trigger fires), so anything else is an action's.
 */
export async function activationEntityType(db: Db, caller: Caller, activationId: string): Promise<ActivationEntity['type']> {
  const row = await db.activation.findFirst({ where: { activationId, namespaceId: caller.namespaceId }, select: { entityType: true } });
  return row?.entityType === 'trigger' ? 'trigger' : 'action';
}

/**
 * Reads an activation of the caller's namespace: a just-finished one from
 * Redis, else from Postgres. One that was accepted but has not finished yet
 * is answered as pending rather than 404.
 */
export async function getActivation(deps: CoreDeps, caller: Caller, activationId: string): Promise<ActivationRecord> {
  if (!isActivationId(activationId)) throw badRequest(`"${activationId}" is not an activation id (32 hex characters).`);
  // Just finished: the worker signals completion before the record reaches Postgres.
  const finished = await deps.redis.get(finishedActivationKey(deps.redisPrefix, activationId));
  if (finished) {
    const { namespaceId, record } = JSON.parse(finished) as FinishedActivation;
    if (namespaceId !== caller.namespaceId) throw notFound(`The activation ${activationId} does not exist.`);
    return record as ActivationRecord;
  }
  const stored = await storedRecord(deps.db, caller, activationId);
  if (stored) return stored;
  const pending = await pendingRecordOf(deps, caller, activationId);
  if (pending) return pending;
  // The job may have ended between the two reads above: its record is stored by now.
  const late = await storedRecord(deps.db, caller, activationId);
  if (late) return late;
  // Accepted, but Redis no longer has its job: pending until the reconciler records how it ended, never "does not exist".
  const accepted = await deps.db.acceptedActivation.findUnique({ where: { activationId } });
  const entry = activationJobSchema.safeParse(accepted?.entry);
  if (accepted?.namespaceId === caller.namespaceId && entry.success) return pendingRecord(entry.data);
  throw notFound(`The activation ${activationId} does not exist.`);
}

async function storedRecord(db: Db, caller: Caller, activationId: string): Promise<ActivationRecord | undefined> {
  const row = await db.activation.findUnique({ where: { activationId } });
  if (!row || row.namespaceId !== caller.namespaceId) return undefined;
  return rowToRecord(caller.namespace, row);
}

async function pendingRecordOf(deps: CoreDeps, caller: Caller, activationId: string): Promise<ActivationRecord | undefined> {
  const job = (await findActivationJob(deps, activationId))?.job;
  const parsed = activationJobSchema.safeParse(job?.data);
  if (!parsed.success || parsed.data.namespaceId !== caller.namespaceId) return undefined;
  // A failed job (its worker died) is not pending, even while its record cannot be written yet: say how it ended.
  if (job?.finishedOn && job.failedReason) return lostRecord(parsed.data, job.processedOn, job.finishedOn);
  return pendingRecord(parsed.data);
}

export interface ActivationFilter {
  /** An entity path, "pkg/name" or "name". */
  name?: string;
  /** Epoch milliseconds: activations that started at or after. */
  since?: number;
  /** Epoch milliseconds: activations that started at or before. */
  upto?: number;
}

/** OpenWhisk's activation summary: the record without response and logs. */
export type ActivationSummary = Omit<ActivationRecord, 'response' | 'logs'>;

function activationWhere(caller: Caller, filter: ActivationFilter): Prisma.ActivationWhereInput {
  if (filter.name) assertNoNul(filter.name, 'The name filter');
  return {
    namespaceId: caller.namespaceId,
    ...(filter.name ? { path: filter.name } : {}),
    ...(filter.since !== undefined || filter.upto !== undefined
      ? {
          start: {
            ...(filter.since !== undefined ? { gte: filterDate(filter.since, 'since') } : {}),
            ...(filter.upto !== undefined ? { lte: filterDate(filter.upto, 'upto') } : {}),
          },
        }
      : {}),
  };
}

/** Lists finished activations, newest first; full records with `docs`. */
export async function listActivations(
  db: Db,
  caller: Caller,
  filter: ActivationFilter,
  options: ListOptions & { docs: boolean },
): Promise<ActivationRecord[] | ActivationSummary[]> {
  const rows = await db.activation.findMany({
    where: activationWhere(caller, filter),
    orderBy: { start: 'desc' },
    take: options.limit,
    skip: options.skip,
  });
  const records = rows.map((row) => rowToRecord(caller.namespace, row));
  if (options.docs) return records;
  return records.map(({ response: _response, logs: _logs, ...summary }) => summary);
}

export async function countActivations(db: Db, caller: Caller, filter: ActivationFilter): Promise<number> {
  return db.activation.count({ where: activationWhere(caller, filter) });
}
