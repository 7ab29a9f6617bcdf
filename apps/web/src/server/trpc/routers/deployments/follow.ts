// Following one deployment's log live: the lines stored on its row, then each
// line as the worker publishes it, then the finished deployment. Listening
// starts before the row is read, and lines carry their index in the log, so
// none is lost or sent twice between the two; the finished row's lines are
// read once more at the end, since they are what is kept.
import {
  type Caller,
  type CoreDeps,
  decodeDeploymentLine,
  type DeploymentDocument,
  type DeploymentStatus,
  deploymentLogChannel,
  getDeployment,
  getDeploymentLogs,
  isFinishedDeployment,
} from '@brisk/core';
import { tracked, type TrackedEnvelope } from '@trpc/server';
import { logEventId, resumeAfter } from '@/server/live/log-cursor';
import { liveFanout } from '@/server/live/redis-fanout';
import { Inbox } from '@/server/live/wakeups';

export type DeploymentFollowEvent =
  | { type: 'log'; line: string }
  /** The deployment moved on (queued → running); the console reads it again. */
  | { type: 'status'; status: DeploymentStatus }
  | { type: 'done'; deployment: DeploymentDocument };

/** How often the status is read while lines are quiet (a deployment has no "finished" notice of its own). */
const POLL_MS = 1_000;

export async function* followDeployment(
  deps: CoreDeps,
  caller: Caller,
  id: string,
  lastEventId: string | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<TrackedEnvelope<DeploymentFollowEvent>> {
  const inbox = new Inbox<{ index: number; line: string }>(signal);
  const stop = await liveFanout().subscribe(deploymentLogChannel(deps.redisPrefix, id), (message) => {
    const live = decodeDeploymentLine(message);
    if (live) inbox.push(live);
  });
  try {
    let next = resumeAfter(lastEventId);
    // Throws not-found for another namespace's deployment before anything is sent.
    let stored = await getDeploymentLogs(deps.db, caller, id);
    const fromStore = function* (lines: string[]) {
      for (; next < lines.length; next++) yield tracked(logEventId(next), { type: 'log', line: lines[next]! } as DeploymentFollowEvent);
    };
    yield* fromStore(stored.logs);
    let lastRead = Date.now();
    while (!isFinishedDeployment(stored.status)) {
      const items = await inbox.take(POLL_MS);
      if (inbox.aborted) return;
      for (const item of items.sort((a, b) => a.index - b.index)) {
        // A line past a gap (one published before we listened, not yet stored) waits for the store.
        if (item.index !== next) continue;
        yield tracked(logEventId(next), { type: 'log', line: item.line } as DeploymentFollowEvent);
        next++;
      }
      if (items.length === 0 || items.some((item) => item.index > next) || Date.now() - lastRead >= POLL_MS) {
        const status = stored.status;
        stored = await getDeploymentLogs(deps.db, caller, id);
        lastRead = Date.now();
        yield* fromStore(stored.logs);
        if (stored.status !== status && !isFinishedDeployment(stored.status))
          yield tracked(`status:${next}`, { type: 'status', status: stored.status } as DeploymentFollowEvent);
      }
    }
    yield tracked('done', { type: 'done', deployment: await getDeployment(deps.db, caller, id) } as DeploymentFollowEvent);
  } finally {
    stop();
  }
}
