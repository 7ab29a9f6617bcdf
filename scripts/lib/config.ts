// The settings `npm start` and `npm test` share, read from the environment.
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export const config = {
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '127.0.0.1',
  databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/brisk',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  dockerHost: process.env.DOCKER_HOST,
  wskprops: process.env.BRISK_WSKPROPS ?? path.join(REPO_ROOT, '.wskprops'),
};
