// Failed authentications are counted per minute, per key id and per client
// address, in Redis so every web replica shares the count. Past the limit,
// a request that would need a look-up of its key is refused with 429 before
// the database is asked: guessing keys costs the guesser, not Postgres. A key
// the replica already knows to be good is never held up (authentication
// answers it from memory without asking this).
import type { Redis } from 'ioredis';
import { throttled } from './errors.ts';

export interface FailedAuthLimits {
  perKeyId: number;
  perClient: number;
}

export const DEFAULT_FAILED_AUTH_LIMITS: FailedAuthLimits = { perKeyId: 20, perClient: 60 };
const WINDOW_MS = 60_000;

export class FailedAuthLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: FailedAuthLimits = DEFAULT_FAILED_AUTH_LIMITS,
  ) {}

  private keys(keyId: string, client: string | undefined): { keyId: string; client?: string } {
    const minute = Math.floor(Date.now() / WINDOW_MS);
    return { keyId: `${this.prefix}:authfail:key:${keyId}:${minute}`, ...(client ? { client: `${this.prefix}:authfail:client:${client}:${minute}` } : {}) };
  }

  /** Throws 429 when the key id or the client address failed too often this minute. */
  async assertAllowed(keyId: string, client: string | undefined): Promise<void> {
    const keys = this.keys(keyId, client);
    const [forKey, forClient] = await this.redis.mget(keys.keyId, keys.client ?? keys.keyId);
    if (Number(forKey ?? 0) >= this.limits.perKeyId) {
      throw throttled(`Too many failed authentications for this key in the last minute (allowed: ${this.limits.perKeyId}); try again in a minute.`);
    }
    if (keys.client && Number(forClient ?? 0) >= this.limits.perClient) {
      throw throttled(`Too many failed authentications from this address in the last minute (allowed: ${this.limits.perClient}); try again in a minute.`);
    }
  }

  async recordFailure(keyId: string, client: string | undefined): Promise<void> {
    const keys = this.keys(keyId, client);
    const pipeline = this.redis
      .multi()
      .incr(keys.keyId)
      .pexpire(keys.keyId, WINDOW_MS * 2);
    if (keys.client) pipeline.incr(keys.client).pexpire(keys.client, WINDOW_MS * 2);
    await pipeline.exec();
  }
}
