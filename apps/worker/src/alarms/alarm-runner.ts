// The worker's side of alarms: takes alarm ticks off their queue (every
// worker does; each tick is one job, so it fires once), and at start makes
// again the schedules Redis may have lost.
import { ALARM_QUEUE, type AlarmJob, type AlarmQueue, fireAlarm, type InvokeDeps, rescheduleMissingAlarms } from '@brisk/core';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

export interface AlarmRunnerOptions {
  deps: InvokeDeps;
  /** The alarms queue, shared with the feed actions that schedule on it. */
  queue: AlarmQueue;
  redisUrl: string;
  log: (line: string) => void;
}

export interface AlarmRunner {
  close(): Promise<void>;
}

const RECONCILE_EVERY_MS = 60_000;
/** Ticks that fire triggers side by side; a fire only enqueues its rules' activations. */
const CONCURRENT_TICKS = 8;

export async function startAlarmRunner(options: AlarmRunnerOptions): Promise<AlarmRunner> {
  const { deps, queue, log } = options;
  const worker = new Worker<AlarmJob, void, string>(
    ALARM_QUEUE,
    async (job) => {
      const outcome = await fireAlarm(deps, queue, job.data);
      if (outcome === 'disabled') log(`worker: the alarm of trigger ${job.data.triggerId} was disabled; its feed's READ says why`);
    },
    { connection: new Redis(options.redisUrl, { maxRetriesPerRequest: null }), prefix: deps.redisPrefix, concurrency: CONCURRENT_TICKS },
  );
  worker.on('failed', (job, error) => log(`worker: alarm tick ${job?.id ?? '?'} failed: ${error.message}`));
  worker.on('error', (error) => log(`worker: alarms: ${error.message}`));
  const reconcile = async () => {
    const rescheduled = await rescheduleMissingAlarms(deps.db, queue);
    if (rescheduled > 0) log(`worker: ${rescheduled} alarms were missing from Redis and are scheduled again`);
  };
  await reconcile();
  // Again now and then: Redis may lose its data while workers run, and a
  // deployment whose scheduling failed leaves its feeds to this.
  const reconciler = setInterval(() => void reconcile().catch((error: Error) => log(`worker: alarms reconciliation: ${error.message}`)), RECONCILE_EVERY_MS);
  reconciler.unref();
  await worker.waitUntilReady();
  return {
    async close() {
      clearInterval(reconciler);
      await worker.close();
    },
  };
}
