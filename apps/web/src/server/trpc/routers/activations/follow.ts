// Following one activation: its log lines as the worker publishes them (those
// published before we subscribed come from the activation's backlog), then
// the stored record. The record is authoritative, so the console replaces the
// live lines with the record's when it arrives.
import {
  activationEventsChannel,
  ACTION_LIMITS,
  decodeLiveLines,
  getActivation,
  logBacklogKey,
  logChannel,
  type ActivationFinishedEvent,
  type ActivationRecord,
  type Caller,
  type CoreDeps,
} from '@brisk/core';
import { tracked, type TrackedEnvelope } from '@trpc/server';
import { logEventId, resumeAfter } from '@/server/live/log-cursor';
import { liveFanout } from '@/server/live/redis-fanout';
import { Inbox } from '@/server/live/wakeups';

export type FollowEvent =
  | { type: 'log'; line: string }
  | { type: 'done'; record: ActivationRecord }
  /** Still not finished after the longest an activation may take: the caller can look it up later. */
  | { type: 'gave-up' };

/** Every event is tracked; log events carry `log:<index>` as their id, so a reconnecting client resumes after it. */
const track = (id: string, event: FollowEvent) => tracked(id, event);

/** How often the record is checked without a notice (a notice arrives the moment it is stored). */
const POLL_MS = 1_000;
/** The longest action timeout plus time to queue and start. */
const GIVE_UP_MS = ACTION_LIMITS.timeoutMs.max + 120_000;

export async function* followActivation(
  deps: CoreDeps,
  caller: Caller,
  activationId: string,
  lastEventId: string | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<TrackedEnvelope<FollowEvent>> {
  const inbox = new Inbox<{ type: 'log'; index: number; line: string } | { type: 'finished' }>(signal);
  const fanout = liveFanout();
  // Listen first, then read: an activation that ends in between is seen either way.
  const stopLogs = await fanout.subscribe(logChannel(deps.redisPrefix, activationId), (message) => {
    for (const live of decodeLiveLines(message)) inbox.push({ type: 'log', ...live });
  });
  const stopEvents = await fanout.subscribe(activationEventsChannel(deps.redisPrefix, caller.namespaceId), (text) => {
    if ((JSON.parse(text) as ActivationFinishedEvent).activationId === activationId) inbox.push({ type: 'finished' });
  });
  try {
    // Throws not-found for another namespace's activation, before any line is sent.
    let record = await getActivation(deps, caller, activationId);
    // The next line to send: lines before it were sent on an earlier connection, or from the backlog.
    let next = resumeAfter(lastEventId);
    const fresh = (live: { index: number; line: string } | undefined) => {
      if (!live || live.index < next) return undefined;
      next = live.index + 1;
      return track(logEventId(live.index), { type: 'log', line: live.line });
    };
    if (record.response.status === 'pending') {
      for (const message of await deps.redis.lrange(logBacklogKey(deps.redisPrefix, activationId), 0, -1)) {
        for (const live of decodeLiveLines(message)) {
          const event = fresh(live);
          if (event) yield event;
        }
      }
    }
    const giveUpAt = Date.now() + GIVE_UP_MS;
    let lastCheck = Date.now();
    while (record.response.status === 'pending') {
      const items = await inbox.take(POLL_MS);
      if (inbox.aborted) return;
      for (const item of items) {
        const event = item.type === 'log' ? fresh(item) : undefined;
        if (event) yield event;
      }
      if (items.some((item) => item.type === 'finished') || Date.now() - lastCheck >= POLL_MS) {
        record = await getActivation(deps, caller, activationId);
        lastCheck = Date.now();
      }
      if (record.response.status === 'pending' && Date.now() > giveUpAt) {
        yield track('gave-up', { type: 'gave-up' });
        return;
      }
    }
    yield track('done', { type: 'done', record });
  } finally {
    stopLogs();
    stopEvents();
  }
}
