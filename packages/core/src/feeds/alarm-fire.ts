// One tick of an alarm: fire its trigger as the trigger's namespace, with the
// alarm's payload. A tick whose alarm was deleted, changed or disabled since
// it was scheduled does nothing (and a leftover schedule is removed). A fire
// refused for good (a 4xx other than 408, 409 and 429) disables the alarm at
// once; ten failures in a row disable it too. Either way the reason is kept
// for READ and the console.
import type { InvokeDeps } from '../deps.ts';
import { HTTP_STATUS_OF, isBriskError } from '../errors.ts';
import type { Caller } from '../namespaces.ts';
import { fireTrigger } from '../trigger-fire.ts';
import { deleteTrigger, triggerReference } from '../triggers.ts';
import type { AlarmConfig } from './alarm-config.ts';
import { type AlarmJob, type AlarmQueue, configGeneration, unscheduleAlarm } from './alarm-schedules.ts';

export const MAX_FAILED_FIRES = 10;

/** Thrown for a once whose fire failed but may succeed later: its job is retried (see alarm-schedules.ts). */
export class RetryOnceLater extends Error {
  constructor(reason: string) {
    super(`the once alarm's fire failed and will be tried again: ${reason}`);
    this.name = 'RetryOnceLater';
  }
}
const RETRIED_STATUSES = new Set([408, 409, 429]);

export type TickOutcome = 'fired' | 'no-rules' | 'stale' | 'failed' | 'disabled';

export async function fireAlarm(deps: InvokeDeps, alarms: AlarmQueue, job: AlarmJob, now = Date.now()): Promise<TickOutcome> {
  const row = await deps.db.triggerFeed.findUnique({
    where: { triggerId: job.triggerId },
    include: { trigger: { select: { name: true, namespace: { select: { id: true, name: true } } } } },
  });
  if (!row) {
    // The trigger (and so its feed) was deleted: its schedule goes too.
    await unscheduleAlarm(alarms, job.triggerId);
    return 'stale';
  }
  const config = row.config as unknown as AlarmConfig;
  if (configGeneration(config) !== job.generation) return 'stale';
  if (!row.active) {
    await unscheduleAlarm(alarms, job.triggerId, config);
    return 'stale';
  }
  const namespace = row.trigger.namespace;
  const caller: Caller = { namespaceId: namespace.id, namespace: namespace.name, subject: namespace.name };
  const where = { triggerId: job.triggerId };
  try {
    const outcome = await fireTrigger(deps, caller, row.trigger.name, config.payload);
    await deps.db.triggerFeed.updateMany({ where, data: { failures: 0, fired: { increment: 1 } } });
    if (config.kind === 'once') await afterOnce(deps, caller, row.trigger.name, config, now);
    return outcome.fired ? 'fired' : 'no-rules';
  } catch (error) {
    if (!isBriskError(error)) throw error;
    const status = HTTP_STATUS_OF[error.kind];
    const failures = row.failures + 1;
    const forGood = status >= 400 && status < 500 && !RETRIED_STATUSES.has(status);
    if (!forGood && failures < MAX_FAILED_FIRES) {
      await deps.db.triggerFeed.updateMany({ where, data: { failures } });
      // A recurring alarm has its next tick; a once has no other, so its job is tried again.
      if (config.kind === 'once') throw new RetryOnceLater(error.message);
      return 'failed';
    }
    const reason = forGood
      ? `Automatically disabled after the trigger fire was refused with ${status}: ${error.message}`
      : `Automatically disabled after ${failures} failed trigger fires in a row; the last: ${error.message}`;
    await deps.db.triggerFeed.updateMany({ where, data: { failures, active: false, reason, statusChangedAt: new Date(now) } });
    await unscheduleAlarm(alarms, job.triggerId, config);
    return 'disabled';
  }
}

/** A once has fired: it stays, disabled, or goes with its trigger (and its rules) as `deleteAfterFire` says. */
async function afterOnce(deps: InvokeDeps, caller: Caller, trigger: string, config: Extract<AlarmConfig, { kind: 'once' }>, now: number): Promise<void> {
  if (config.deleteAfterFire === 'false') {
    await deps.db.triggerFeed.updateMany({
      where: { trigger: { namespaceId: caller.namespaceId, name: trigger } },
      data: { active: false, reason: `Fired once, at ${new Date(now).toISOString()}`, statusChangedAt: new Date(now) },
    });
    return;
  }
  if (config.deleteAfterFire === 'rules') {
    await deps.db.rule.deleteMany({ where: { namespaceId: caller.namespaceId, trigger: triggerReference(caller, trigger) } });
  }
  await deleteTrigger(deps.db, caller, trigger);
}
