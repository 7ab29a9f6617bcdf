// A job whose worker died mid-run is failed by BullMQ, never retried (at most
// once). Whoever notices writes its record, so callers see a clear end
// instead of an activation pending forever.
import { activationJobSchema, jobActionPath, makeResponse, STATUS, type ActivationRecord } from '@brisk/core';
import type { Db } from '@brisk/db';
import type { Queue } from 'bullmq';
import type { Settle } from './settle.ts';

export const LOST_MESSAGE =
  'The activation was lost: the worker running it stopped before it finished. It was not retried, so its code ran at most once.';

export interface LostActivationDeps {
  db: Db;
  queue: Queue;
  settle: Settle;
}

/** Writes the internal-error record of a stalled job, unless it already has one. */
export async function recordLostActivation(deps: LostActivationDeps, jobId: string): Promise<boolean> {
  const job = await deps.queue.getJob(jobId);
  const parsed = activationJobSchema.safeParse(job?.data);
  if (!parsed.success) return false;
  const data = parsed.data;
  const existing = await deps.db.activation.findUnique({ where: { activationId: data.activationId }, select: { activationId: true } });
  if (existing) return false;

  const now = Date.now();
  const record: ActivationRecord = {
    namespace: data.namespace,
    name: data.action.name,
    version: data.action.version,
    subject: data.subject,
    activationId: data.activationId,
    start: job?.processedOn ?? now,
    end: now,
    duration: now - (job?.processedOn ?? now),
    statusCode: STATUS.internalError,
    response: makeResponse(STATUS.internalError, { error: LOST_MESSAGE }),
    logs: [],
    annotations: [
      { key: 'path', value: jobActionPath(data) },
      { key: 'kind', value: data.action.kind },
    ],
    publish: false,
    ...(data.cause ? { cause: data.cause } : {}),
  };
  // Publishes to a waiting caller, frees the throttle slot, writes the record.
  await deps.settle(data, record);
  return true;
}
