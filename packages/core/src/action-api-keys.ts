// The key a namespace's actions get as __OW_API_KEY when they are annotated
// `provide-api-key` (runtimes/README.md, "Calling Brisk from an action").
//
// Why a dedicated key, sealed: the worker must hand out a key in clear, but
// Brisk stores only hashes of the keys people hold, so it cannot give out one
// of theirs. Each namespace instead gets one key of its own for its actions,
// minted on first need: an ordinary ApiKey row (hash only, authenticated and
// throttled like every key), with its secret kept in ActionApiKey sealed with
// AES-256-GCM under BRISK_SECRETS_KEY (deploy/secrets.ts, as sources' tokens
// are). A database dump alone reveals no key; deleting that ApiKey (or the
// operator's key changing) revokes it, and the next activation mints another.
// Deriving the key from BRISK_SECRETS_KEY instead would need no table, but
// then a leaked action key could only be revoked by changing the operator's key.
import type { Db } from '@brisk/db';
import { formatApiKey, generateApiKey, hashSecret } from './auth.ts';
import { openSecret, sealSecret } from './deploy/secrets.ts';
import { notFound } from './errors.ts';

/** The annotation that asks for __OW_API_KEY, truthy as OpenWhisk's `isTruthy` reads it (true, or "true"). */
export const PROVIDE_API_KEY_ANNOTATION = 'provide-api-key';

/** Whether annotations (`[{key, value}]`) ask for the namespace's key. */
export function providesApiKey(annotations: unknown): boolean {
  if (!Array.isArray(annotations)) return false;
  const entry = annotations.find((item) => (item as { key?: unknown } | null)?.key === PROVIDE_API_KEY_ANNOTATION) as { value?: unknown } | undefined;
  return entry?.value === true || entry?.value === 'true';
}

/**
 * The namespace's action key, `uuid:secret`, minted on first call. Safe to
 * call from several workers at once: one key is minted per namespace.
 */
export async function actionApiKey(db: Db, secretsKey: Buffer, namespace: string): Promise<string> {
  const ns = await db.namespace.findUnique({
    where: { name: namespace },
    select: { id: true, actionKey: { select: { keyUuid: true, sealedSecret: true } } },
  });
  if (!ns) throw notFound(`The namespace ${namespace} does not exist.`);
  if (ns.actionKey) {
    try {
      return formatApiKey({ uuid: ns.actionKey.keyUuid, secret: openSecret(secretsKey, ns.actionKey.sealedSecret) });
    } catch {
      // Sealed under another BRISK_SECRETS_KEY (or tampered with): replaced by a new key.
      await db.apiKey.deleteMany({ where: { uuid: ns.actionKey.keyUuid } });
    }
  }
  const key = generateApiKey();
  try {
    await db.apiKey.create({
      data: {
        uuid: key.uuid,
        secretHash: hashSecret(key.secret),
        namespaceId: ns.id,
        actionKey: { create: { namespaceId: ns.id, sealedSecret: sealSecret(secretsKey, key.secret) } },
      },
    });
  } catch (error) {
    // Another worker minted one first (ActionApiKey's primary key is the namespace): use that one.
    if ((error as { code?: string }).code !== 'P2002') throw error;
    const winner = await db.actionApiKey.findUnique({ where: { namespaceId: ns.id }, select: { keyUuid: true, sealedSecret: true } });
    if (!winner) throw error;
    return formatApiKey({ uuid: winner.keyUuid, secret: openSecret(secretsKey, winner.sealedSecret) });
  }
  return formatApiKey(key);
}
