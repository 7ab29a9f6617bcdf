// The web app's configuration, read once from the environment and validated.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/brisk'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  BRISK_REDIS_PREFIX: z.string().default('brisk'),
  /** Identifies this web replica's completion channel. */
  BRISK_REPLICA_ID: z.string().default(() => randomUUID()),
});

export type WebEnv = z.infer<typeof schema>;

export const env: WebEnv = schema.parse(process.env);
