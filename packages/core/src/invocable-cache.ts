// Keeps what an invocation needs to know about its action in the web
// replica's memory, so the warm path skips Postgres. Every change to an
// action or a package is published on one Redis channel after its write
// committed, and every replica drops its cache when it hears it.
//
// Why that is never stale for an invocation that starts after an update was
// acknowledged: Redis hands the message to every subscriber's socket before
// it answers the publisher, so the message is in each replica's socket before
// the writer can acknowledge the update, let alone before anyone invokes
// again; a replica reads its sockets in the order they became readable. A
// replica whose subscription is not (or no longer) confirmed does not use the
// cache at all. Entries also expire after a minute, a safety net for a writer
// that forgot to publish (which would still be a bug).
import type { Redis } from 'ioredis';
import { resolveInvocable, type InvocableAction } from './action-resolver.ts';
import type { CoreDeps } from './deps.ts';
import type { EntityPath } from './names.ts';
import type { Caller } from './namespaces.ts';

export function actionsChangedChannel(prefix: string): string {
  return `${prefix}:actions:changed`;
}

/**
 * Call after any committed change to an action or a package (create, update,
 * delete, binding), before acknowledging it. This replica's cache is dropped
 * at once (its own subscriber socket may be read only after the next request),
 * and every other replica drops its cache when the message reaches it.
 */
export async function noteActionsChanged(deps: Pick<CoreDeps, 'redis' | 'redisPrefix' | 'invocables'>): Promise<void> {
  deps.invocables?.invalidate();
  await deps.redis.publish(actionsChangedChannel(deps.redisPrefix), '1');
}

export class InvocableCache {
  private readonly entries = new Map<string, { action: InvocableAction; expires: number }>();
  /** Bumped on every invalidation, so a lookup that straddles one does not store its answer. */
  private generation = 0;
  private live = false;

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
  ) {}

  /**
   * Listens for changes on `subscriber` (a connection in subscriber mode, which
   * may serve other channels too). Until the subscription is confirmed, and
   * whenever the connection drops, the cache is bypassed.
   */
  async watch(subscriber: Redis, prefix: string): Promise<void> {
    const channel = actionsChangedChannel(prefix);
    subscriber.on('message', (from: string) => {
      if (from === channel) this.invalidate();
    });
    const down = () => {
      this.live = false;
      this.invalidate();
    };
    subscriber.on('close', down);
    subscriber.on('reconnecting', down);
    // ioredis re-subscribes after a reconnect, then says 'ready'.
    subscriber.on('ready', () => void subscriber.subscribe(channel).then(() => (this.live = true), down));
    await subscriber.subscribe(channel);
    this.live = true;
  }

  invalidate(): void {
    this.entries.clear();
    this.generation++;
  }

  /** `resolveInvocable`, answered from memory when nothing changed since it was cached. */
  async resolve(deps: Pick<CoreDeps, 'db'>, caller: Caller, path: EntityPath, namespace = caller.namespace): Promise<InvocableAction> {
    if (!this.live) return resolveInvocable(deps.db, caller, path, namespace);
    const key = `${caller.namespaceId}\n${namespace}\n${path.packageName}\n${path.name}`;
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && hit.expires > now) return hit.action;
    const generation = this.generation;
    const action = await resolveInvocable(deps.db, caller, path, namespace);
    if (generation === this.generation && this.live) {
      this.entries.delete(key);
      this.entries.set(key, { action, expires: now + this.maxAgeMs });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return action;
  }
}
