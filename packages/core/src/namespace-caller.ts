// A Caller for a namespace named in a URL, for requests that carry no key
// (web actions run as the action's owner).
import type { Db } from '@brisk/db';
import { notFound } from './errors.ts';
import { isValidEntityName } from './names.ts';
import type { Caller } from './namespaces.ts';

const TTL_MS = 10_000;
const caches = new WeakMap<Db, Map<string, { caller: Caller; expires: number }>>();

/**
 * The namespace `name` as a Caller. Known namespaces are remembered for 10 s
 * per client, so public endpoints do not query Postgres per request.
 * Throws the generic 404 for unknown or malformed names, revealing nothing.
 */
export async function namespaceCaller(db: Db, name: string): Promise<Caller> {
  if (!isValidEntityName(name)) throw notFound();
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(name);
  if (hit && hit.expires > Date.now()) return hit.caller;

  const row = await db.namespace.findUnique({ where: { name }, select: { id: true, name: true } });
  if (!row) {
    cache.delete(name);
    throw notFound();
  }
  const caller: Caller = { namespaceId: row.id, namespace: row.name, subject: row.name };
  cache.set(name, { caller, expires: Date.now() + TTL_MS });
  return caller;
}
