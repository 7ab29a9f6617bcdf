// A job whose worker died mid-run is failed by BullMQ, never retried (at most
// once). Whoever notices writes its record, so callers see a clear end
// instead of an activation pending forever.
import { activationJobSchema, lostRecord, type ActivationQueue } from '@brisk/core';
import type { Db } from '@brisk/db';
import type { Settle } from './settle.ts';

export interface LostActivationDeps {
  db: Db;
  queue: ActivationQueue;
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

  const record = lostRecord(data, job?.processedOn);
  // Publishes to a waiting caller, frees the throttle slot, writes the record.
  await deps.settle(data, record);
  return true;
}
