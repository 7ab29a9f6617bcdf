// API keys as an operator manages them (OpenWhisk's `wskadmin user` keys):
// add one to a namespace, list a namespace's keys, revoke one. Keys are
// shown in clear only when made; Brisk keeps their SHA-256.
import type { Db } from '@brisk/db';
import { formatApiKey, generateApiKey, hashSecret } from '../auth.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import { SYSTEM_NAMESPACE } from '../namespaces.ts';
import type { AdminDeps } from './admin-deps.ts';
import { noteNamespaceChanged } from './namespace-changes.ts';
import { type CreatedKey, findNamespace } from './namespace-admin.ts';

/** Adds a key to an existing namespace (404 otherwise); the key is in the answer only. */
export async function createKey(db: Db, namespace: string): Promise<CreatedKey> {
  const { id, name } = await findNamespace(db, namespace);
  // Nobody holds a key of the catalog: with one, anybody could rewrite what every namespace runs.
  if (name === SYSTEM_NAMESPACE) throw forbidden(`The namespace "${SYSTEM_NAMESPACE}" holds the platform's catalog; nobody gets a key of it.`);
  const key = generateApiKey();
  await db.apiKey.create({ data: { uuid: key.uuid, secretHash: hashSecret(key.secret), namespaceId: id } });
  return { namespace: name, uuid: key.uuid, key: formatApiKey(key) };
}

export interface KeySummary {
  uuid: string;
  createdAt: string;
  /** The key Brisk keeps for the namespace's actions (`provide-api-key`); revoked, the next activation gets a new one. */
  actionKey: boolean;
}

/** A namespace's keys, oldest first; 404 for an unknown namespace. */
export async function listKeys(db: Db, namespace: string): Promise<KeySummary[]> {
  const { id } = await findNamespace(db, namespace);
  const rows = await db.apiKey.findMany({
    where: { namespaceId: id },
    orderBy: [{ createdAt: 'asc' }, { uuid: 'asc' }],
    select: { uuid: true, createdAt: true, actionKey: { select: { keyUuid: true } } },
  });
  return rows.map((row) => ({ uuid: row.uuid, createdAt: row.createdAt.toISOString(), actionKey: row.actionKey !== null }));
}

/** The key id of `uuid` or of a whole `uuid:secret` (what wsk's AUTH holds); 400 for anything else. */
export function keyUuidOf(text: string): string {
  const uuid = text.includes(':') ? text.slice(0, text.indexOf(':')) : text;
  if (!isUuid(uuid)) throw badRequest(`"${text.length > 80 ? `${text.slice(0, 80)}…` : text}" is not a key id: give the key's uuid (the part before ':').`);
  return uuid.toLowerCase();
}

export interface RevokedKey {
  uuid: string;
  namespace: string;
  /** Whether the web replicas were told at once; if not, the key works until their caches expire (10 s). */
  notified: boolean;
}

type NoticeDeps = Pick<AdminDeps, 'db' | 'redis' | 'redisPrefix' | 'forgetNamespace'>;

/**
 * Deletes a key (404 when there is none); every replica forgets it at once.
 * With `namespaceId` (the console: a namespace revoking its own keys), a key
 * of another namespace is 404 too, so nobody can probe for keys.
 */
export async function revokeKey(deps: NoticeDeps, key: string, options: { namespaceId?: string } = {}): Promise<RevokedKey> {
  const uuid = keyUuidOf(key);
  const row = await deps.db.apiKey.findUnique({ where: { uuid }, select: { namespace: { select: { id: true, name: true } } } });
  if (!row || (options.namespaceId !== undefined && row.namespace.id !== options.namespaceId)) throw notFound(`There is no key ${uuid}.`);
  // deleteMany: a concurrent revoke of the same key is not an error; the action key's row goes with it (cascade).
  const { count } = await deps.db.apiKey.deleteMany({ where: { uuid } });
  if (count === 0) throw notFound(`There is no key ${uuid}.`);
  const notified = await noteNamespaceChanged(deps, row.namespace.id);
  return { uuid, namespace: row.namespace.name, notified };
}

/**
 * Replaces a namespace's key with a new one in one transaction: the old key
 * (which must be the namespace's; 404 otherwise) is gone exactly when the new
 * one exists. The new key is in the answer only.
 */
export async function rotateKey(deps: NoticeDeps, namespaceId: string, oldKey: string): Promise<CreatedKey & { revoked: string; notified: boolean }> {
  const oldUuid = keyUuidOf(oldKey);
  const key = generateApiKey();
  const namespace = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.deleteMany({ where: { uuid: oldUuid, namespaceId } });
    if (count === 0) throw notFound(`There is no key ${oldUuid}.`);
    const created = await tx.apiKey.create({
      data: { uuid: key.uuid, secretHash: hashSecret(key.secret), namespaceId },
      select: { namespace: { select: { name: true } } },
    });
    return created.namespace.name;
  });
  const notified = await noteNamespaceChanged(deps, namespaceId);
  return { namespace, uuid: key.uuid, key: formatApiKey(key), revoked: oldUuid, notified };
}
