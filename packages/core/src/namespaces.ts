import type { FailedAuthLimiter } from './auth-failures.ts';
import type { Db } from '@brisk/db';
import { formatApiKey, generateApiKey, hashSecret, parseApiKey, secretMatches, type ApiKey } from './auth.ts';
import { badRequest, unauthorized } from './errors.ts';
import { assertEntityName } from './names.ts';

export const GUEST_NAMESPACE = 'guest';
/** The platform's catalog (catalog/system-catalog.ts); here so code that only names it need not load the catalog. */
export const SYSTEM_NAMESPACE = 'whisk.system';

/** Who is calling: the namespace the key belongs to. */
export interface Caller {
  namespaceId: string;
  namespace: string;
  /** OpenWhisk's "subject": here the namespace name, as for OpenWhisk's own guest. */
  subject: string;
}

export async function ensureNamespace(db: Db, name: string): Promise<{ id: string; name: string }> {
  assertEntityName(name, 'namespace');
  return db.namespace.upsert({ where: { name }, update: {}, create: { name }, select: { id: true, name: true } });
}

/** Adds a key to a namespace (creating the namespace if need be); returns `uuid:secret`. */
export async function createNamespaceKey(db: Db, namespace: string, key: ApiKey = generateApiKey()): Promise<string> {
  const { id } = await ensureNamespace(db, namespace);
  await db.apiKey.create({ data: { uuid: key.uuid, secretHash: hashSecret(key.secret), namespaceId: id } });
  return formatApiKey(key);
}

export interface GuestSeed {
  /** The key in clear, when this call created it (it cannot be read back later). */
  createdKey?: string;
}

/**
 * Makes sure the `guest` namespace exists with a key. A given key (format
 * `uuid:secret`) is added if absent; otherwise a key is generated only when
 * the namespace has none.
 */
export async function seedGuestNamespace(db: Db, givenKey?: string): Promise<GuestSeed> {
  const { id } = await ensureNamespace(db, GUEST_NAMESPACE);
  if (givenKey !== undefined) {
    const key = parseApiKey(givenKey);
    if (!key) throw badRequest('BRISK_GUEST_KEY must look like <uuid>:<secret> (16-128 letters and digits).');
    const existing = await db.apiKey.findUnique({ where: { uuid: key.uuid }, select: { secretHash: true, namespaceId: true } });
    if (existing) {
      if (existing.namespaceId !== id || !secretMatches(key.secret, existing.secretHash)) {
        throw badRequest('BRISK_GUEST_KEY has a uuid already used by a different key.');
      }
      return {};
    }
    return { createdKey: await createNamespaceKey(db, GUEST_NAMESPACE, key) };
  }
  // The key the platform minted for the namespace's actions is not one a person holds.
  if ((await db.apiKey.count({ where: { namespaceId: id, actionKey: { is: null } } })) > 0) return {};
  return { createdKey: await createNamespaceKey(db, GUEST_NAMESPACE) };
}

/** True when `key` (uuid:secret) is a valid key of some namespace. */
export async function keyIsValid(db: Db, key: string): Promise<boolean> {
  const parsed = parseApiKey(key);
  if (!parsed) return false;
  const row = await db.apiKey.findUnique({ where: { uuid: parsed.uuid }, select: { secretHash: true } });
  return row !== null && secretMatches(parsed.secret, row.secretHash);
}

/** How long a replica trusts a good key without asking Postgres again: a revoked key works at most this long. */
export const KEY_CACHE_MS = 10_000;

/**
 * Checks API keys, remembering good ones briefly so the hot path does not
 * query Postgres per request. A revoked key stops working within `ttlMs`.
 */
export class Authenticator {
  private readonly cache = new Map<string, { caller: Caller; secretHash: string; expires: number }>();
  /** Bumped by `forget`, so a look-up that straddles one does not cache what was just revoked. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = KEY_CACHE_MS,
    /** Counts failures per key id and client address and refuses past the limit (the web's; absent, nothing is counted). */
    private readonly failures?: FailedAuthLimiter,
  ) {}

  /** `client`: the caller's address where the server knows it, for the failed-authentication limit. */
  async authenticate(key: ApiKey | undefined, client?: string): Promise<Caller> {
    if (!key) throw unauthorized();
    const cached = this.cache.get(key.uuid);
    if (cached && cached.expires > Date.now()) {
      if (secretMatches(key.secret, cached.secretHash)) return cached.caller;
      await this.failures?.recordFailure(key.uuid, client);
      throw unauthorized();
    }
    await this.failures?.assertAllowed(key.uuid, client);
    const generation = this.generation;
    const row = await this.db.apiKey.findUnique({
      where: { uuid: key.uuid },
      select: { secretHash: true, namespace: { select: { id: true, name: true } } },
    });
    if (!row || !secretMatches(key.secret, row.secretHash)) {
      await this.failures?.recordFailure(key.uuid, client);
      throw unauthorized();
    }
    const caller: Caller = { namespaceId: row.namespace.id, namespace: row.namespace.name, subject: row.namespace.name };
    if (generation === this.generation) this.cache.set(key.uuid, { caller, secretHash: row.secretHash, expires: Date.now() + this.ttlMs });
    return caller;
  }

  /** Forgets the good keys of a namespace (every namespace's, without an id): the next request of each asks Postgres. */
  forget(namespaceId?: string): void {
    this.generation++;
    for (const [uuid, entry] of this.cache) {
      if (namespaceId === undefined || entry.caller.namespaceId === namespaceId) this.cache.delete(uuid);
    }
  }
}
