// What an administrator changed about a namespace (a key revoked, limits set,
// the namespace deleted), told to every web replica on one Redis channel, so
// each drops what it remembers about the namespace (good keys, limits,
// console key checks) at once instead of when its 10-second caches expire.
// The notice is a shortcut, not the guarantee: a replica that misses it (no
// subscription yet, Redis down) still forgets within the caches' lifetime.
import type { Redis } from 'ioredis';

export function namespaceChangesChannel(prefix: string): string {
  return `${prefix}:namespaces:changed`;
}

/**
 * Tells every replica that `namespaceId` changed. Never throws: the change is
 * already committed, and the caches expire anyway. Answers whether the notice
 * went out, so a caller can say the change may take the caches' lifetime.
 */
export async function noteNamespaceChanged(
  deps: { redis: Redis; redisPrefix: string; forgetNamespace?: (namespaceId: string) => void },
  namespaceId: string,
): Promise<boolean> {
  deps.forgetNamespace?.(namespaceId);
  try {
    await deps.redis.publish(namespaceChangesChannel(deps.redisPrefix), namespaceId);
    return true;
  } catch {
    return false;
  }
}

/**
 * Calls `forget(namespaceId)` for every notice heard on `subscriber` (a
 * connection in subscriber mode, which may serve other channels too; ioredis
 * subscribes again after a reconnect).
 */
export async function watchNamespaceChanges(subscriber: Redis, prefix: string, forget: (namespaceId: string) => void): Promise<void> {
  const channel = namespaceChangesChannel(prefix);
  subscriber.on('message', (from: string, namespaceId: string) => {
    if (from === channel) forget(namespaceId);
  });
  await subscriber.subscribe(channel);
}
