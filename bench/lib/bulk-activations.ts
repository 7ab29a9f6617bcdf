// What the database scenarios (pages, dashboard) share: the guest namespace
// as a caller, and filling it with activations generated in SQL (far faster
// than through the API).
import type { Caller } from '@brisk/core';
import type { Db } from '@brisk/db';

export async function guestCaller(db: Db): Promise<Caller> {
  const guest = await db.namespace.findUniqueOrThrow({ where: { name: 'guest' }, select: { id: true, name: true } });
  return { namespaceId: guest.id, namespace: guest.name, subject: guest.name };
}

/**
 * Inserts the rows `select` generates (the values of activationId, namespaceId,
 * name, path, version, subject, start, end, duration, statusCode, success,
 * result, logs, annotations), then ANALYZEs; answers how long it all took (ms).
 */
export async function insertActivations(db: Db, select: string, ...values: unknown[]): Promise<number> {
  const start = performance.now();
  await db.$executeRawUnsafe(
    `INSERT INTO "Activation" ("activationId", "namespaceId", "name", "path", "version", "subject", "start", "end", "duration", "statusCode", "success", "result", "logs", "annotations") ${select}`,
    ...values,
  );
  await db.$executeRawUnsafe('ANALYZE "Activation", "ActivationRollup"');
  return performance.now() - start;
}
