// Where alarms wait: BullMQ job schedulers in Redis (cron patterns with time
// zones, fixed intervals, start and end dates) and, for `once`, a delayed job.
// A scheduler makes one job per tick whatever the number of workers, so each
// tick fires once. Postgres holds what was asked for (TriggerFeed); these are
// made from it, and made again from it at each worker start.
import { createHash } from 'node:crypto';
import { type ConnectionOptions, Queue } from 'bullmq';
import { canonicalJson } from '../canonical-json.ts';
import type { AlarmConfig } from './alarm-config.ts';

export const ALARM_QUEUE = 'alarms';

export interface AlarmJob {
  triggerId: string;
  /** The config the job was made for: a tick of a config since changed is dropped. */
  generation: string;
}

export type AlarmQueue = Queue<AlarmJob, void, string>;

export function openAlarmQueue(connection: ConnectionOptions, prefix: string): AlarmQueue {
  return new Queue<AlarmJob, void, string>(ALARM_QUEUE, { connection, prefix });
}

/** Names a config, the same for the object scheduled and for its copy read back from Postgres. */
export function configGeneration(config: AlarmConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}

const schedulerId = (triggerId: string) => `alarm-${triggerId}`;
const onceJobId = (triggerId: string, generation: string) => `once-${triggerId}-${generation}`;
const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: 100 };

/** Makes (or replaces) the schedule of a trigger's alarm. */
export async function scheduleAlarm(queue: AlarmQueue, triggerId: string, config: AlarmConfig, now = Date.now()): Promise<void> {
  const generation = configGeneration(config);
  const data: AlarmJob = { triggerId, generation };
  if (config.kind === 'once') {
    await queue.removeJobScheduler(schedulerId(triggerId));
    // The job id names the config: scheduling the same once twice keeps one job.
    // Retried when its fire fails for a while (alarm-fire.ts counts the failures and gives up at ten).
    await queue.add('fire', data, {
      ...JOB_OPTIONS,
      jobId: onceJobId(triggerId, generation),
      delay: Math.max(0, Date.parse(config.date) - now),
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
    });
    return;
  }
  const dates = {
    ...('startDate' in config && config.startDate ? { startDate: Date.parse(config.startDate) } : {}),
    ...(config.stopDate ? { endDate: Date.parse(config.stopDate) } : {}),
  };
  const repeat =
    config.kind === 'cron'
      ? { pattern: config.cron, ...(config.timezone ? { tz: config.timezone } : {}), ...dates }
      : { every: config.minutes * 60_000, ...dates };
  await queue.upsertJobScheduler(schedulerId(triggerId), repeat, { name: 'fire', data, opts: JOB_OPTIONS });
}

/** Stops a trigger's alarm: its scheduler, and a once's waiting job. */
export async function unscheduleAlarm(queue: AlarmQueue, triggerId: string, config?: AlarmConfig): Promise<void> {
  await queue.removeJobScheduler(schedulerId(triggerId));
  if (config?.kind === 'once') await queue.remove(onceJobId(triggerId, configGeneration(config))).catch(() => 0);
}

/** True when the alarm's schedule is in Redis (a scheduler, or a once's job still to run). */
export async function alarmIsScheduled(queue: AlarmQueue, triggerId: string, config: AlarmConfig): Promise<boolean> {
  if (config.kind === 'once') return (await queue.getJob(onceJobId(triggerId, configGeneration(config)))) !== undefined;
  return (await queue.getJobScheduler(schedulerId(triggerId))) !== undefined;
}
