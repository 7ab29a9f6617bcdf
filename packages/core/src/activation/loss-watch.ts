// A blocking caller's guard against waiting out its whole timeout for an
// activation Redis lost: every few seconds of the wait, ask where the
// activation is; missing twice in a row (the second look comes after every
// live worker has re-announced what it runs), it is lost: its record is
// written and the caller gets it at once.
import type { ActivationRecord } from '../activation-record.ts';
import type { InvokeDeps } from '../deps.ts';
import { type ActivationJob, jobEntityPath } from '../queue.ts';
import { lostRecord, QUEUE_LOST_MESSAGE } from './records.ts';
import { activationWhereabouts } from './whereabouts.ts';

/** Longer than a worker's heartbeat period (2 s), so a running activation is listed again before the second look. */
export const LOSS_CHECK_EVERY_MS = 3_000;

/** Resolves with the lost record, or never (until `signal` aborts) while the activation is somewhere. */
export function watchForLoss(deps: InvokeDeps, job: ActivationJob, signal: AbortSignal, everyMs = LOSS_CHECK_EVERY_MS): Promise<ActivationRecord | undefined> {
  return new Promise((resolve) => {
    let misses = 0;
    const timer = setInterval(async () => {
      try {
        const where = await activationWhereabouts(deps, job.activationId);
        misses = where === 'missing' ? misses + 1 : 0;
      } catch {
        // Redis or Postgres is down: no news; the next look decides.
        return;
      }
      if (misses < 2 || signal.aborted) return;
      clearInterval(timer);
      const record = lostRecord(job, undefined, Date.now(), QUEUE_LOST_MESSAGE);
      // Insert-if-absent, as every record write: the worker's reconciler may write the same.
      await deps.records.save(job.namespaceId, { type: 'action', path: jobEntityPath(job) }, record).catch(() => undefined);
      resolve(record);
    }, everyMs);
    timer.unref();
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(timer);
        resolve(undefined);
      },
      { once: true },
    );
  });
}
