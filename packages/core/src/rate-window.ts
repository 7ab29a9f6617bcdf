// Counts per minute as a sliding window made of two fixed ones: this
// minute's count plus the previous minute's, weighted by how much of it still
// lies within the last 60 s. A fixed window alone lets a client through with
// twice the limit across a minute boundary, and forgets a count that is
// seconds old. The throttles and the failed-authentication limit count this
// way.
import type { Redis } from 'ioredis';

// KEYS[1] is this minute's counter, KEYS[2] the previous one's; ARGV[1] the
// milliseconds elapsed in this minute. Each counter lives two minutes, as the
// previous one is read through the next. Leaves the count in `count`, a
// fraction: compared unrounded (rounded down, a count just past a limit
// would pass) and reported rounded up.
const WEIGHTED = `
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local count = current + previous * (60000 - tonumber(ARGV[1])) / 60000
`;

/** Counts one more, then leaves the window's count in `count` (a Lua prelude for scripts that go on to compare it). */
export const RATE_WINDOW = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], 121000) end
${WEIGHTED}`;

/** Leaves the window's count in `count` without counting. */
const RATE_WINDOW_READ = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
${WEIGHTED}`;

const COUNT = `${RATE_WINDOW}
return tostring(count)
`;
const READ = `${RATE_WINDOW_READ}
return tostring(count)
`;

/** The counters of this minute and the previous one under `base`, and how far into this minute `now` is. */
export function minuteWindow(base: string, now = Date.now()): { keys: [string, string]; elapsed: number } {
  const minute = Math.floor(now / 60_000);
  return { keys: [`${base}:${minute}`, `${base}:${minute - 1}`], elapsed: now - minute * 60_000 };
}

/** The count in the last minute under `base`, after counting one more when `increment`. */
export async function countInWindow(redis: Redis, base: string, options: { increment: boolean }): Promise<number> {
  const window = minuteWindow(base);
  return Number(await redis.eval(options.increment ? COUNT : READ, 2, ...window.keys, window.elapsed));
}
