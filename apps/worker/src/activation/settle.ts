// Finishing an activation, the waiting caller first: the record goes to
// Redis (a short-lived copy for GETs that come before Postgres has it), the
// throttle slot is freed and the caller's completion channel hears it, all
// in one round trip; then the record goes into Postgres (waited for, but not
// for ever: see SAVE_WAIT_MS).
import {
  completionMessageText,
  FINISHED_ACTIVATION_TTL_S,
  publishActivationFinished,
  recordText,
  storedInput,
  finishedActivationKey,
  jobEntityPath,
  runningActivationsKey,
  traceNow,
  type ActivationJob,
  type ActivationRecord,
  type RecordWriter,
} from '@brisk/core';
import type { Redis } from 'ioredis';
import type { ActivationMetrics } from '../metrics/activation-metrics.ts';

export interface SettleOptions {
  /** false when the job's parameters are not what it was given (a ledger entry keeps none): no input is stored. */
  input?: boolean;
}

export type Settle = (job: ActivationJob, record: ActivationRecord, marks?: Record<string, number>, options?: SettleOptions) => Promise<void>;

export function createSettle(redis: Redis, writer: RecordWriter, prefix: string, log: (line: string) => void, metrics?: ActivationMetrics): Settle {
  return async (job, finished, marks, options) => {
    // A result too deep to store ends as the action's error, not as a settle step that throws.
    const { record, text } = recordText(finished);
    // Counted in memory (published every few seconds): every activation ends here, sequences and lost ones too.
    metrics?.record(job, record);
    const id = record.activationId;
    const pipeline = redis.pipeline();
    pipeline.set(finishedActivationKey(prefix, id), `{"namespaceId":${JSON.stringify(job.namespaceId)},"record":${text}}`, 'EX', FINISHED_ACTIVATION_TTL_S);
    if (marks) marks.published = traceNow();

    // Frees the activation's concurrency slot (see packages/core/src/throttles.ts).
    pipeline.zrem(runningActivationsKey(prefix, job.namespaceId), id);
    if (job.replyTo) pipeline.publish(job.replyTo, completionMessageText(id, text, marks));
    try {
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    } catch (error) {
      // The record still goes to Postgres; a blocking caller gets 202 when its wait ends.
      log(`worker: could not signal the completion of ${id}: ${(error as Error).message}`);
    }
    const saved = writer
      // The input it ran with, for the console (not in the OpenWhisk record, nor in Redis's copy).
      .save(job.namespaceId, { type: 'action', path: jobEntityPath(job) }, record, options?.input === false ? undefined : storedInput(job.params))
      // The console's live views read Postgres when told, so tell them only now.
      .then(() => publishActivationFinished(redis, prefix, job.namespaceId, jobEntityPath(job), record));
    saved.catch((error: Error) => log(`worker: the record of ${id} was not stored: ${error.message}`));
    // Normally the record is in Postgres before the slot goes to the next activation, so the queue cannot outrun
    // Postgres. While Postgres is down the writer keeps the record and retries, and the slot moves on at once (or,
    // the first time, after a moment): a worker whose every slot waited on Postgres would run nothing until it came back.
    if (writer.unavailable) return;
    await Promise.race([saved.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, SAVE_WAIT_MS).unref())]);
  };
}

/** How long settling waits for Postgres to take the record before the slot moves on. */
const SAVE_WAIT_MS = 2_000;
