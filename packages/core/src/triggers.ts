// Triggers: create, update, read, list, delete. Firing is in trigger-fire.ts.
import type { Prisma, Db } from '@brisk/db';
import { z } from 'zod';
import { describeZodError, keyValueListSchema, type KeyValue } from './entity-schemas.ts';
import { badRequest, conflict, notFound } from './errors.ts';
import type { ListOptions } from './listing.ts';
import { assertEntityName } from './names.ts';
import type { Caller } from './namespaces.ts';
import { assertParametersSize } from './payload-size.ts';
import { parseFullyQualifiedName } from './qualified-names.ts';
import { entityRef, type EntityRef } from './entity-refs.ts';
import { bumpPatch } from './versions.ts';
import { conflictOnRace } from './concurrent-writes.ts';

/** The body of `PUT /namespaces/{ns}/triggers/{name}`; every field optional on update. */
export const triggerPutSchema = z.object({
  namespace: z.string().optional(),
  name: z.string().optional(),
  version: z.string().optional(),
  publish: z.boolean().optional(),
  parameters: keyValueListSchema.optional(),
  annotations: keyValueListSchema.optional(),
  // OpenWhisk defines no trigger limits; an object is accepted and ignored.
  limits: z.record(z.string(), z.unknown()).optional(),
});

/** A trigger as the OpenWhisk API shows it. `rules` lists the rules that name it, when there are any. */
export interface TriggerDocument {
  namespace: string;
  name: string;
  version: string;
  publish: boolean;
  parameters: KeyValue[];
  annotations: KeyValue[];
  limits: Record<string, never>;
  updated: number;
  rules?: Record<string, { action: EntityRef; status: string }>;
}

export const triggerColumns = {
  id: true,
  name: true,
  version: true,
  publish: true,
  parameters: true,
  annotations: true,
  updatedAt: true,
} as const;
export type TriggerRow = Prisma.TriggerGetPayload<{ select: typeof triggerColumns }>;

/**
 * Creates or (with `overwrite`) updates a trigger. Annotations are stored as
 * given; a `feed` annotation must name an action. An update keeps what the
 * body leaves out and bumps the patch version.
 */
export async function putTrigger(db: Db, caller: Caller, name: string, body: unknown, options: { overwrite: boolean }): Promise<TriggerDocument> {
  assertEntityName(name, 'trigger');
  const parsed = triggerPutSchema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest(`The trigger is not valid: ${describeZodError(parsed.error)}`);
  const put = parsed.data;
  if (put.parameters) assertParametersSize(put.parameters, 'trigger parameters');
  if (put.annotations) {
    assertParametersSize(put.annotations, 'trigger annotations');
    assertFeedAnnotation(caller, put.annotations);
  }

  const existing = await db.trigger.findUnique({
    where: { namespaceId_name: { namespaceId: caller.namespaceId, name } },
    select: triggerColumns,
  });
  if (existing && !options.overwrite) throw conflict(`The trigger ${name} already exists; set overwrite=true to update it.`);
  const state = {
    parameters: (put.parameters ?? existing?.parameters ?? []) as Prisma.InputJsonValue,
    annotations: (put.annotations ?? existing?.annotations ?? []) as Prisma.InputJsonValue,
  };
  return conflictOnRace(`The trigger ${name}`, async () => {
    const saved = existing
      ? await db.trigger.update({
          where: { id: existing.id },
          data: { ...state, version: bumpPatch(existing.version), publish: put.publish ?? existing.publish },
          select: triggerColumns,
        })
      : await db.trigger.create({
          data: { ...state, namespaceId: caller.namespaceId, name, version: '0.0.1', publish: put.publish ?? false },
          select: triggerColumns,
        });
    return toTriggerDocument(caller.namespace, saved);
  });
}

/** Reads a trigger of the caller's namespace with the rules that name it. */
export async function getTrigger(db: Db, caller: Caller, name: string): Promise<TriggerDocument> {
  const row = await findTrigger(db, caller, name);
  const rules = await db.rule.findMany({
    where: { namespaceId: caller.namespaceId, trigger: triggerReference(caller, name) },
    select: { name: true, action: true, status: true },
    orderBy: { name: 'asc' },
  });
  const doc = toTriggerDocument(caller.namespace, row);
  if (rules.length === 0) return doc;
  const ruleMap: NonNullable<TriggerDocument['rules']> = {};
  for (const rule of rules) {
    ruleMap[`${caller.namespace}/${rule.name}`] = { action: entityRef(rule.action), status: rule.status };
  }
  return { ...doc, rules: ruleMap };
}

/** Lists the caller's triggers, most recently updated first. */
export async function listTriggers(db: Db, caller: Caller, options: ListOptions): Promise<TriggerDocument[]> {
  const rows = await db.trigger.findMany({
    where: { namespaceId: caller.namespaceId },
    select: triggerColumns,
    orderBy: [{ updatedAt: 'desc' }, { name: 'asc' }],
    take: options.limit,
    skip: options.skip,
  });
  return rows.map((row) => toTriggerDocument(caller.namespace, row));
}

export async function countTriggers(db: Db, caller: Caller): Promise<number> {
  return db.trigger.count({ where: { namespaceId: caller.namespaceId } });
}

/**
 * Deletes a trigger. Rules that name it stay but become inactive, as in
 * OpenWhisk (whose rule status lives in the trigger), so a trigger created
 * again under the same name does not silently start firing old rules.
 */
export async function deleteTrigger(db: Db, caller: Caller, name: string): Promise<TriggerDocument> {
  const row = await findTrigger(db, caller, name);
  await db.$transaction(async (tx) => {
    await tx.rule.updateMany({
      where: { namespaceId: caller.namespaceId, trigger: triggerReference(caller, name) },
      data: { status: 'inactive' },
    });
    const deleted = await tx.trigger.deleteMany({ where: { id: row.id } });
    if (deleted.count === 0) throw notFound(`The trigger ${name} does not exist.`);
  });
  return toTriggerDocument(caller.namespace, row);
}

/** Reads a trigger row of the caller's namespace; 404 when there is none. */
export async function findTrigger(db: Db, caller: Caller, name: string): Promise<TriggerRow> {
  assertEntityName(name, 'trigger');
  const row = await db.trigger.findUnique({ where: { namespaceId_name: { namespaceId: caller.namespaceId, name } }, select: triggerColumns });
  if (!row) throw notFound(`The trigger ${name} does not exist.`);
  return row;
}

/** How a rule names a trigger of the caller's namespace: `/namespace/name`. */
export function triggerReference(caller: Caller, name: string): string {
  return `/${caller.namespace}/${name}`;
}

export function toTriggerDocument(namespace: string, row: TriggerRow): TriggerDocument {
  return {
    namespace,
    name: row.name,
    version: row.version,
    publish: row.publish,
    parameters: row.parameters as KeyValue[],
    annotations: row.annotations as KeyValue[],
    limits: {},
    updated: row.updatedAt.getTime(),
  };
}

/** A feed annotation names the feed action, e.g. `/whisk.system/alarms/alarm`; anything else is refused. */
function assertFeedAnnotation(caller: Caller, annotations: KeyValue[]): void {
  const feed = annotations.find((entry) => entry.key === 'feed');
  if (!feed) return;
  if (typeof feed.value !== 'string') throw badRequest('The feed annotation must be an action name, such as /whisk.system/alarms/alarm.');
  try {
    parseFullyQualifiedName(feed.value, caller.namespace);
  } catch {
    throw badRequest(`The feed annotation "${feed.value}" is not an action name, such as /whisk.system/alarms/alarm.`);
  }
}
