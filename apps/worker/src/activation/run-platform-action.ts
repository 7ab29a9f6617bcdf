// Actions of the /whisk.system catalog whose work is Brisk's own, run by the
// worker instead of a container: the alarms feed actions, which must reach
// the schedules in Redis and Postgres that no container can. Which actions
// these are is decided by where they live (the resolver's `home`), which only
// Brisk writes: nobody holds a key of whisk.system.
import {
  type ActivationJob,
  type ActivationRecord,
  type AlarmFeedDeps,
  type AlarmFeedName,
  alarmFeedNamed,
  jobActionPath,
  jobRecord,
  runAlarmFeed,
  STATUS,
} from '@brisk/core';

/** The alarms feed a job runs, if it is one of them. */
export function alarmFeedOf(job: ActivationJob): AlarmFeedName | undefined {
  return alarmFeedNamed(jobActionPath(job));
}

export async function runAlarmFeedAction(deps: AlarmFeedDeps, job: ActivationJob, feed: AlarmFeedName): Promise<ActivationRecord> {
  const start = Date.now();
  const annotations = [
    { key: 'waitTime', value: Math.max(0, start - job.acceptedAt) },
    { key: 'kind', value: job.action.kind },
  ];
  try {
    const answer = await runAlarmFeed(deps, feed, job.params);
    return jobRecord(job, { start, end: Date.now(), statusCode: answer.ok ? STATUS.success : STATUS.applicationError, result: answer.result, annotations });
  } catch (error) {
    return jobRecord(job, {
      start,
      end: Date.now(),
      statusCode: STATUS.internalError,
      result: { error: `The alarms feed could not complete the request: ${(error as Error).message}` },
      annotations,
    });
  }
}
