// "An activation finished" notices, per namespace, on Redis pub/sub. They
// only make the console's live views prompt: the views read the records
// from Postgres, so a lost notice delays a row, it never loses one.
import type { Redis } from 'ioredis';
import type { ActivationRecord } from './activation-record.ts';

/** The channel on which activations of one namespace are announced as they finish. */
export function activationEventsChannel(prefix: string, namespaceId: string): string {
  return `${prefix}:activations:${namespaceId}`;
}

export interface ActivationFinishedEvent {
  activationId: string;
  /** The entity's path in its namespace. */
  path: string;
  statusCode: number;
}

/** Announces a stored activation; call once its record is saved. Never throws. */
export async function publishActivationFinished(
  publisher: Pick<Redis, 'publish'>,
  prefix: string,
  namespaceId: string,
  path: string,
  record: Pick<ActivationRecord, 'activationId' | 'response'>,
): Promise<void> {
  const event: ActivationFinishedEvent = { activationId: record.activationId, path, statusCode: record.response.statusCode };
  await publisher.publish(activationEventsChannel(prefix, namespaceId), JSON.stringify(event)).catch(() => undefined);
}
