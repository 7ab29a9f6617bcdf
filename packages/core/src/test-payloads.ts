// Named test payloads of an action, kept as one annotation so they live in
// Postgres with the action, travel with it (wsk action get shows them) and
// go when it is deleted. Saving one is an update, so it makes a new version.
import type { Db } from '@brisk/db';
import { getAction, putAction, type ActionDocument } from './actions.ts';
import type { KeyValue } from './entity-schemas.ts';
import { MAX_TEST_PAYLOADS, TEST_PAYLOADS_ANNOTATION, testPayloadsOf, type TestPayload } from './test-payload-schema.ts';
import { badRequest, notFound } from './errors.ts';
import type { EntityPath } from './names.ts';
import type { Caller } from './namespaces.ts';

function withPayloads(annotations: readonly KeyValue[], payloads: TestPayload[]): KeyValue[] {
  const rest = annotations.filter((entry) => entry.key !== TEST_PAYLOADS_ANNOTATION);
  return payloads.length > 0 ? [...rest, { key: TEST_PAYLOADS_ANNOTATION, value: payloads }] : rest;
}

/** Adds or replaces (by name) a test payload of an action. */
export async function saveTestPayload(db: Db, caller: Caller, path: EntityPath, payload: TestPayload): Promise<ActionDocument> {
  const action = await getAction(db, caller, path, { code: false });
  const payloads = testPayloadsOf(action.annotations).filter((entry) => entry.name !== payload.name);
  if (payloads.length >= MAX_TEST_PAYLOADS) {
    throw badRequest(`An action keeps at most ${MAX_TEST_PAYLOADS} test payloads; delete one first.`);
  }
  payloads.push(payload);
  payloads.sort((a, b) => a.name.localeCompare(b.name));
  return putAction(db, caller, path, { annotations: withPayloads(action.annotations, payloads) }, { overwrite: true });
}

/** Deletes a test payload of an action by name. */
export async function deleteTestPayload(db: Db, caller: Caller, path: EntityPath, name: string): Promise<ActionDocument> {
  const action = await getAction(db, caller, path, { code: false });
  const payloads = testPayloadsOf(action.annotations);
  if (!payloads.some((entry) => entry.name === name)) throw notFound(`The action has no test payload named "${name}".`);
  const kept = payloads.filter((entry) => entry.name !== name);
  return putAction(db, caller, path, { annotations: withPayloads(action.annotations, kept) }, { overwrite: true });
}
