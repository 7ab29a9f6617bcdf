// The live tail: activations of the namespace as they finish. A finished
// notice on Redis wakes it at once; without notices it polls, so activations
// written by anything (worker, sequence runner, trigger fires) all appear.
import {
  activationEventsChannel,
  listActivationsEndedAfter,
  tailCursor,
  type ActivationQuery,
  type ActivationSummaryRow,
  type Caller,
  type CoreDeps,
  type TailCursor,
} from '@brisk/core';
import { tracked } from '@trpc/server';
import { liveFanout } from '@/server/live/redis-fanout';
import { Inbox } from '@/server/live/wakeups';

const POLL_MS = 2_000;
/** At most this often under a flood of notices. */
const MIN_INTERVAL_MS = 250;

function encodeCursor(cursor: TailCursor): string {
  return `${cursor.end}:${cursor.activationId}`;
}

function decodeCursor(text: string | undefined): TailCursor | undefined {
  const match = /^(\d+):([0-9a-f]{0,32})$/.exec(text ?? '');
  return match ? { end: Number(match[1]), activationId: match[2]! } : undefined;
}

export async function* tailActivations(
  deps: CoreDeps,
  caller: Caller,
  query: ActivationQuery,
  lastEventId: string | undefined,
  signal: AbortSignal | undefined,
) {
  const inbox = new Inbox<true>(signal);
  const stop = await liveFanout().subscribe(activationEventsChannel(deps.redisPrefix, caller.namespaceId), () => inbox.push(true));
  try {
    // A reconnecting client resumes where it left off; a new one starts now.
    let cursor = decodeCursor(lastEventId) ?? (await tailCursor(deps.db, caller));
    // The first event tells the client the tail is live.
    yield tracked<ActivationSummaryRow[]>(encodeCursor(cursor), []);
    while (!inbox.aborted) {
      await inbox.take(POLL_MS);
      if (inbox.aborted) return;
      const rows = await listActivationsEndedAfter(deps.db, caller, cursor, query);
      const last = rows[rows.length - 1];
      if (last?.end != null) {
        cursor = { end: last.end, activationId: last.activationId };
        yield tracked(encodeCursor(cursor), rows);
      }
      await new Promise((resolve) => setTimeout(resolve, MIN_INTERVAL_MS));
    }
  } finally {
    stop();
  }
}
