// Publishes an activation's log lines while it runs, and keeps them in a
// short-lived backlog so a viewer that subscribes late still sees every line.
import { encodeLiveLine, LOG_BACKLOG_TTL_S, logBacklogKey, logChannel } from '@brisk/core';
import type { Redis } from 'ioredis';

/** A line sink for one activation: each line is appended to its backlog and published, in one round trip. */
export function liveLogSink(redis: Redis, prefix: string, activationId: string): (line: string) => void {
  const channel = logChannel(prefix, activationId);
  const backlog = logBacklogKey(prefix, activationId);
  let index = 0;
  return (line) => {
    // Live lines are a convenience: the record holds the logs, so a lost write only costs the live view.
    void redis
      .multi()
      .rpush(backlog, line)
      .expire(backlog, LOG_BACKLOG_TTL_S)
      .publish(channel, encodeLiveLine(index++, line))
      .exec()
      .catch(() => undefined);
  };
}
