// `npm run admin -- <command>`: manage namespaces, keys and limits
// (scripts/lib/admin-cli.ts has the commands; `--help` lists them).
import { type AlarmQueue, openAlarmQueue } from '@brisk/core';
import { createDb } from '@brisk/db';
import { Redis } from 'ioredis';
import { runAdmin } from './lib/admin-cli.ts';
import { config } from './lib/config.ts';

const prefix = process.env.BRISK_REDIS_PREFIX ?? 'brisk';

const code = await runAdmin(
  process.argv.slice(2),
  { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) },
  () => {
    const db = createDb(config.databaseUrl, { poolSize: 2 });
    // Redis only carries notices here (and a deleted namespace's alarms): fail fast rather than wait for it.
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3_000, retryStrategy: (times) => (times > 2 ? null : 200) });
    redis.on('error', () => undefined);
    let alarms: AlarmQueue | undefined;
    return {
      deps: {
        db,
        redis,
        redisPrefix: prefix,
        // Opened only by the command that needs it (namespace delete).
        get alarmQueue() {
          alarms ??= openAlarmQueue(redis, prefix);
          alarms.on('error', () => undefined);
          return alarms;
        },
      },
      where: `DATABASE_URL ${redacted(config.databaseUrl)}, REDIS_URL ${redacted(config.redisUrl)}`,
      async close() {
        await alarms?.close().catch(() => undefined);
        redis.disconnect();
        await db.$disconnect();
      },
    };
  },
);
process.exit(code);

/** A connection URL without its password, for messages. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}
