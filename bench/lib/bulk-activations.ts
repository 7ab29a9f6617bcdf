// What the database scenarios (pages, dashboard) share: the guest namespace
// as a caller, and the head of the INSERT that fills it with activations
// generated in SQL (far faster than through the API).
import type { Caller } from '@brisk/core';
import type { Db } from '@brisk/db';

export async function guestCaller(db: Db): Promise<Caller> {
  const guest = await db.namespace.findUniqueOrThrow({ where: { name: 'guest' }, select: { id: true, name: true } });
  return { namespaceId: guest.id, namespace: guest.name, subject: guest.name };
}

/** Followed by a SELECT of these columns' values. */
export const INSERT_ACTIVATIONS = `INSERT INTO "Activation" ("activationId", "namespaceId", "name", "path", "version", "subject", "start", "end", "duration", "statusCode", "success", "result", "logs", "annotations")`;
