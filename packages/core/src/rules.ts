// Rules: a trigger -> action mapping that is active or inactive. Create,
// update, read, list, delete, enable and disable.
import type { Prisma, Db } from '@brisk/db';
import { z } from 'zod';
import { resolveInvocable } from './action-resolver.ts';
import { entityRef, type EntityRef } from './entity-refs.ts';
import { describeZodError, keyValueListSchema, type KeyValue } from './entity-schemas.ts';
import { badRequest, conflict, isBriskError, notFound } from './errors.ts';
import type { ListOptions } from './listing.ts';
import { assertEntityName } from './names.ts';
import type { Caller } from './namespaces.ts';
import { assertParametersSize } from './payload-size.ts';
import { parseFullyQualifiedName } from './qualified-names.ts';
import { triggerReference } from './triggers.ts';
import { bumpPatch } from './versions.ts';
import { conflictOnRace } from './concurrent-writes.ts';

export const RULE_STATUSES = ['active', 'inactive'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

/** A trigger or action named by a string (`name`, `pkg/name`, `/ns/[pkg/]name`) or as OpenWhisk's `{path, name}`. */
const entityNameSchema = z.union([z.string(), z.object({ path: z.string().optional(), namespace: z.string().optional(), name: z.string() })]);

/** The body of `PUT /namespaces/{ns}/rules/{name}`; `trigger` and `action` are required to create. */
export const rulePutSchema = z.object({
  namespace: z.string().optional(),
  name: z.string().optional(),
  version: z.string().optional(),
  publish: z.boolean().optional(),
  // The status is managed by POST; OpenWhisk ignores it in a PUT body.
  status: z.string().optional(),
  annotations: keyValueListSchema.optional(),
  trigger: entityNameSchema.optional(),
  action: entityNameSchema.optional(),
});

/** The body of `POST /namespaces/{ns}/rules/{name}`. */
export const ruleStatusSchema = z.object({
  status: z.enum(RULE_STATUSES, { error: `status must be one of '${RULE_STATUSES.join("', '")}'` }),
});

/** A rule as the OpenWhisk API shows it. */
export interface RuleDocument {
  namespace: string;
  name: string;
  version: string;
  publish: boolean;
  annotations: KeyValue[];
  status: string;
  trigger: EntityRef;
  action: EntityRef;
  updated: number;
}

const ruleColumns = {
  id: true,
  name: true,
  version: true,
  publish: true,
  trigger: true,
  action: true,
  status: true,
  annotations: true,
  updatedAt: true,
} as const;
type RuleRow = Prisma.RuleGetPayload<{ select: typeof ruleColumns }>;

/**
 * Creates or (with `overwrite`) updates a rule. The trigger must exist in the
 * caller's namespace; the action must exist and be reachable by the caller
 * (its own, through a binding, or in another namespace's published package).
 * A missing one is a 400 naming it. A new rule is active; an update keeps the
 * status, keeps what the body leaves out and bumps the patch version.
 */
export async function putRule(db: Db, caller: Caller, name: string, body: unknown, options: { overwrite: boolean }): Promise<RuleDocument> {
  assertEntityName(name, 'rule');
  const parsed = rulePutSchema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest(`The rule is not valid: ${describeZodError(parsed.error)}`);
  const put = parsed.data;
  if (put.annotations) assertParametersSize(put.annotations, 'rule annotations');

  const existing = await db.rule.findUnique({ where: { namespaceId_name: { namespaceId: caller.namespaceId, name } }, select: ruleColumns });
  if (existing && !options.overwrite) throw conflict(`The rule ${name} already exists; set overwrite=true to update it.`);
  if (!existing && (put.trigger === undefined || put.action === undefined)) {
    throw badRequest('A rule needs a trigger and an action: give both, by name.');
  }
  const trigger = put.trigger !== undefined ? await checkTrigger(db, caller, nameText(put.trigger)) : existing!.trigger;
  const action = put.action !== undefined ? await checkAction(db, caller, nameText(put.action)) : existing!.action;
  const state = { trigger, action, annotations: (put.annotations ?? existing?.annotations ?? []) as Prisma.InputJsonValue };

  return conflictOnRace(`The rule ${name}`, async () => {
    const saved = existing
      ? await db.rule.update({
          where: { id: existing.id },
          data: { ...state, version: bumpPatch(existing.version), publish: put.publish ?? existing.publish },
          select: ruleColumns,
        })
      : await db.rule.create({
          data: { ...state, namespaceId: caller.namespaceId, name, version: '0.0.1', publish: put.publish ?? false, status: 'active' },
          select: ruleColumns,
        });
    return toRuleDocument(caller.namespace, saved);
  });
}

/**
 * Enables or disables a rule (`{"status": "active" | "inactive"}`). Asking
 * for the status it already has is fine. Only a rule whose trigger exists can
 * be activated (404 otherwise, as in OpenWhisk).
 */
export async function setRuleStatus(db: Db, caller: Caller, name: string, body: unknown): Promise<RuleDocument> {
  const parsed = ruleStatusSchema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest(`The rule status is not valid: ${describeZodError(parsed.error)}`);
  const row = await findRule(db, caller, name);
  const { status } = parsed.data;
  if (status === row.status) return toRuleDocument(caller.namespace, row);
  if (status === 'active') {
    const trigger = parseFullyQualifiedName(row.trigger, caller.namespace);
    const exists = await db.trigger.findUnique({
      where: { namespaceId_name: { namespaceId: caller.namespaceId, name: trigger.name } },
      select: { id: true },
    });
    if (!exists) throw notFound(`The rule ${name} cannot be activated: its trigger ${row.trigger} does not exist.`);
  }
  const updated = await db.rule.updateMany({ where: { id: row.id }, data: { status } });
  if (updated.count === 0) throw notFound(`The rule ${name} does not exist.`);
  return toRuleDocument(caller.namespace, { ...row, status });
}

export async function getRule(db: Db, caller: Caller, name: string): Promise<RuleDocument> {
  return toRuleDocument(caller.namespace, await findRule(db, caller, name));
}

/** Lists the caller's rules, most recently updated first. */
export async function listRules(db: Db, caller: Caller, options: ListOptions): Promise<RuleDocument[]> {
  const rows = await db.rule.findMany({
    where: { namespaceId: caller.namespaceId },
    select: ruleColumns,
    orderBy: [{ updatedAt: 'desc' }, { name: 'asc' }],
    take: options.limit,
    skip: options.skip,
  });
  return rows.map((row) => toRuleDocument(caller.namespace, row));
}

export async function countRules(db: Db, caller: Caller): Promise<number> {
  return db.rule.count({ where: { namespaceId: caller.namespaceId } });
}

/** Deletes a rule, active or not; answers what was deleted. */
export async function deleteRule(db: Db, caller: Caller, name: string): Promise<RuleDocument> {
  const row = await findRule(db, caller, name);
  const deleted = await db.rule.deleteMany({ where: { id: row.id } });
  if (deleted.count === 0) throw notFound(`The rule ${name} does not exist.`);
  return toRuleDocument(caller.namespace, row);
}

export function toRuleDocument(namespace: string, row: RuleRow): RuleDocument {
  return {
    namespace,
    name: row.name,
    version: row.version,
    publish: row.publish,
    annotations: row.annotations as KeyValue[],
    status: row.status,
    trigger: entityRef(row.trigger),
    action: entityRef(row.action),
    updated: row.updatedAt.getTime(),
  };
}

async function findRule(db: Db, caller: Caller, name: string): Promise<RuleRow> {
  assertEntityName(name, 'rule');
  const row = await db.rule.findUnique({ where: { namespaceId_name: { namespaceId: caller.namespaceId, name } }, select: ruleColumns });
  if (!row) throw notFound(`The rule ${name} does not exist.`);
  return row;
}

function nameText(value: z.infer<typeof entityNameSchema>): string {
  if (typeof value === 'string') return value;
  const path = value.path ?? value.namespace;
  return path ? `/${path.replace(/^\//, '')}/${value.name}` : value.name;
}

/** The trigger must be the caller's own; answers its fully qualified name. */
async function checkTrigger(db: Db, caller: Caller, text: string): Promise<string> {
  const trigger = parseFullyQualifiedName(text, caller.namespace);
  if (trigger.packageName) throw badRequest(`"${text}" is not a trigger name: triggers are not in packages.`);
  if (trigger.namespace !== caller.namespace) {
    throw badRequest(`The trigger ${text} is in another namespace; a rule's trigger must be in the rule's namespace.`);
  }
  const exists = await db.trigger.findUnique({
    where: { namespaceId_name: { namespaceId: caller.namespaceId, name: trigger.name } },
    select: { id: true },
  });
  if (!exists) throw badRequest(`The trigger ${trigger.name} does not exist; create it before the rule.`);
  return triggerReference(caller, trigger.name);
}

/** The action must be one the caller could invoke; answers its fully qualified name as given. */
async function checkAction(db: Db, caller: Caller, text: string): Promise<string> {
  const action = parseFullyQualifiedName(text, caller.namespace);
  const path = { packageName: action.packageName, name: action.name };
  try {
    await resolveInvocable(db, caller, path, action.namespace);
  } catch (error) {
    if (isBriskError(error) && error.kind === 'not-found') throw badRequest(`${error.message} Create it before the rule.`);
    throw error;
  }
  return `/${action.namespace}/${action.packageName ? `${action.packageName}/` : ''}${action.name}`;
}
