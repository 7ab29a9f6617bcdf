// Publishes an activation's log lines while it runs, and keeps them in a
// short-lived backlog so a viewer that subscribes late still sees every line.
import { encodeLiveLine, LOG_BACKLOG_MAX_BYTES, LOG_BACKLOG_TTL_S, logBacklogKey, logChannel } from '@brisk/core';
import type { Redis } from 'ioredis';

export interface LiveLogSink {
  write(line: string): void;
  /** The run is over and its record stored: the backlog has served its purpose. */
  close(): Promise<void>;
}

/**
 * Each line is published and, until the backlog holds LOG_BACKLOG_MAX_BYTES,
 * appended to it, both as `encodeLiveLine` messages, in one round trip. A
 * viewer that subscribes later reads the backlog first; lines past its cap
 * reach only those already listening (the stored record has them all).
 */
export function liveLogSink(redis: Redis, prefix: string, activationId: string): LiveLogSink {
  const channel = logChannel(prefix, activationId);
  const backlog = logBacklogKey(prefix, activationId);
  let index = 0;
  let backlogBytes = 0;
  return {
    write(line) {
      const message = encodeLiveLine(index++, line);
      const transaction = redis.multi();
      if (backlogBytes < LOG_BACKLOG_MAX_BYTES) {
        backlogBytes += Buffer.byteLength(message);
        transaction.rpush(backlog, message).expire(backlog, LOG_BACKLOG_TTL_S);
      }
      // Live lines are a convenience: the record holds the logs, so a lost write only costs the live view.
      void transaction.publish(channel, message).exec().catch(() => undefined);
    },
    async close() {
      if (backlogBytes > 0) await redis.del(backlog).catch(() => undefined);
    },
  };
}
