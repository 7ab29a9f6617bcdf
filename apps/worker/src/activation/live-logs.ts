// Publishes an activation's log lines while it runs, and keeps them in a
// short-lived backlog so a viewer that subscribes late still sees every line.
import { encodeLiveLine, encodeLiveLines, LOG_BACKLOG_MAX_BYTES, LOG_BACKLOG_TTL_S, logBacklogKey, logChannel } from '@brisk/core';
import type { Redis } from 'ioredis';

export interface LiveLogSink {
  write(line: string): void;
  /** The run is over and its record stored: the backlog has served its purpose. */
  close(): Promise<void>;
}

/** Lines waiting for the next round trip, at most: past this (Redis is slower than the action) the live view skips lines. */
const MAX_PENDING_LINES = 10_000;

/**
 * Lines are published, and until the backlog holds LOG_BACKLOG_MAX_BYTES
 * appended to it, as `encodeLiveLines` messages: the lines that arrived
 * while the previous round trip was under way (one read of a pipe can hold
 * thousands) go as one message, one PUBLISH and one RPUSH in one MULTI, and
 * only one MULTI is in flight at a time. So a flood costs Redis and the
 * worker a round trip per batch, not per line. A viewer that subscribes
 * later reads the backlog first; lines past its cap reach only those already
 * listening (the stored record has them all).
 */
export function liveLogSink(redis: Redis, prefix: string, activationId: string): LiveLogSink {
  const channel = logChannel(prefix, activationId);
  const backlog = logBacklogKey(prefix, activationId);
  let index = 0;
  let backlogBytes = 0;
  let pending: string[] = [];
  let sending: Promise<void> | undefined;

  const send = async () => {
    while (pending.length > 0) {
      const lines = pending;
      pending = [];
      const message = encodeLiveLines(lines);
      const transaction = redis.multi();
      // The backlog takes the lines that fit under its cap.
      let fit = 0;
      for (let room = LOG_BACKLOG_MAX_BYTES - backlogBytes; fit < lines.length && room > 0; fit++) room -= Buffer.byteLength(lines[fit]!) + 1;
      if (fit > 0) {
        const kept = fit === lines.length ? message : encodeLiveLines(lines.slice(0, fit));
        backlogBytes += Buffer.byteLength(kept);
        transaction.rpush(backlog, kept).expire(backlog, LOG_BACKLOG_TTL_S);
      }
      // Live lines are a convenience: the record holds the logs, so a lost write only costs the live view.
      await transaction
        .publish(channel, message)
        .exec()
        .catch(() => undefined);
    }
    sending = undefined;
  };

  return {
    write(line) {
      const lineIndex = index++;
      if (pending.length >= MAX_PENDING_LINES) return;
      pending.push(encodeLiveLine(lineIndex, line));
      // After the rest of this read of the pipe: its lines travel together.
      sending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(send);
    },
    async close() {
      await sending;
      if (backlogBytes > 0) await redis.del(backlog).catch(() => undefined);
    },
  };
}
