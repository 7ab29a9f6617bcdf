// Failed authentications are counted over the last minute (a sliding
// window, rate-window.ts), per key id and per client address, in Redis so
// every web replica shares the count. Past the limit,
// a request that would need a look-up of its key is refused with 429 before
// the database is asked: guessing keys costs the guesser, not Postgres. A key
// the replica already knows to be good is never held up (authentication
// answers it from memory without asking this).
import type { Redis } from 'ioredis';
import { throttled } from './errors.ts';
import { countInWindow } from './rate-window.ts';

export interface FailedAuthLimits {
  perKeyId: number;
  perClient: number;
}

export const DEFAULT_FAILED_AUTH_LIMITS: FailedAuthLimits = { perKeyId: 20, perClient: 60 };

export class FailedAuthLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: FailedAuthLimits = DEFAULT_FAILED_AUTH_LIMITS,
  ) {}

  /** The counters' bases (rate-window.ts): the key id's, and the client's where it is known. */
  private bases(keyId: string, client: string | undefined): { keyId: string; client?: string } {
    return { keyId: `${this.prefix}:authfail:key:${keyId}`, ...(client ? { client: `${this.prefix}:authfail:client:${client}` } : {}) };
  }

  /** Throws 429 when the key id or the client address failed too often in the last minute. */
  async assertAllowed(keyId: string, client: string | undefined): Promise<void> {
    const bases = this.bases(keyId, client);
    // Rounded up: a limit reached in this minute or the last is refused at once, not once the previous minute's weight has faded a little.
    const [forKey, forClient] = (
      await Promise.all([
        countInWindow(this.redis, bases.keyId, { increment: false }),
        bases.client ? countInWindow(this.redis, bases.client, { increment: false }) : 0,
      ])
    ).map(Math.ceil) as [number, number];
    if (forKey >= this.limits.perKeyId) {
      throw throttled(`Too many failed authentications for this key in the last minute (allowed: ${this.limits.perKeyId}); try again in a minute.`);
    }
    if (forClient >= this.limits.perClient) {
      throw throttled(`Too many failed authentications from this address in the last minute (allowed: ${this.limits.perClient}); try again in a minute.`);
    }
  }

  async recordFailure(keyId: string, client: string | undefined): Promise<void> {
    const bases = this.bases(keyId, client);
    await Promise.all([
      countInWindow(this.redis, bases.keyId, { increment: true }),
      ...(bases.client ? [countInWindow(this.redis, bases.client, { increment: true })] : []),
    ]);
  }
}
