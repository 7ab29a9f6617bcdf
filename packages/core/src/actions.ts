// Actions: create, update (every save is a new version, all kept), read, delete.
import type { Prisma, Db } from '@brisk/db';
import { assertActionExec, type ValidExec } from './action-exec.ts';
import { actionPutSchema, describeZodError, type KeyValue } from './entity-schemas.ts';
import { badRequest, conflict, notFound, preconditionFailed } from './errors.ts';
import { ACTION_LIMITS } from './limits.ts';
import type { ListOptions } from './listing.ts';
import type { Caller } from './namespaces.ts';
import { formatEntityPath, type EntityPath } from './names.ts';
import { assertParametersSize } from './payload-size.ts';
import { bumpPatch } from './versions.ts';
import { conflictOnRace } from './concurrent-writes.ts';

export interface ActionLimits {
  timeout: number;
  memory: number;
  logs: number;
  concurrency: number;
}

/** An action as the OpenWhisk API shows it. */
export interface ActionDocument {
  namespace: string;
  name: string;
  version: string;
  publish: boolean;
  exec: { kind: string; code?: string; main?: string; binary: boolean; image?: string; components?: string[] };
  parameters: KeyValue[];
  annotations: KeyValue[];
  limits: ActionLimits;
  updated: number;
}

/** The columns an action's document (and the deploy engine's comparison) reads. */
export const actionColumns = {
  id: true,
  packageName: true,
  name: true,
  version: true,
  publish: true,
  kind: true,
  main: true,
  code: true,
  binary: true,
  image: true,
  components: true,
  parameters: true,
  annotations: true,
  timeoutMs: true,
  memoryMb: true,
  logsMb: true,
  concurrency: true,
  updatedAt: true,
} as const;
type ActionRow = Prisma.ActionGetPayload<{ select: typeof actionColumns }>;

export interface PutActionOptions {
  overwrite: boolean;
  /**
   * Save only over one of these versions (HTTP's If-Match; `*` is any
   * existing version): a save based on a version that is no longer the
   * newest is refused with 412 instead of silently replacing what was saved
   * in between.
   */
  ifMatch?: readonly string[];
}

/** Refuses a conditional save whose base is not the stored version. */
function assertVersionMatches(path: EntityPath, current: string | undefined, ifMatch: readonly string[]): void {
  const name = formatEntityPath(path);
  if (current === undefined) throw preconditionFailed(`The action ${name} does not exist, so it is not at version ${ifMatch.join(' or ')}.`);
  if (ifMatch.includes('*') || ifMatch.includes(current)) return;
  if (ifMatch.length === 0)
    throw preconditionFailed(`If-Match names no version of ${name} to compare (weak tags never match); send the ETag, e.g. "${current}".`);
  throw preconditionFailed(
    `The action ${name} is at version ${current}, not ${ifMatch.join(' or ')} that this save was based on: it was saved again in between. Load version ${current}, compare, and save again.`,
  );
}

/**
 * Creates or (with `overwrite`) updates an action. An update keeps what the
 * body leaves out, bumps the patch version and stores the new version beside
 * the old ones. Validation happens before any write, and the write is one
 * transaction, so a rejected request leaves nothing behind.
 */
export async function putAction(db: Db, caller: Caller, path: EntityPath, body: unknown, options: PutActionOptions): Promise<ActionDocument> {
  const parsed = actionPutSchema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest(`The action is not valid: ${describeZodError(parsed.error)}`);
  const put = parsed.data;
  if (put.parameters) assertParametersSize(put.parameters, 'action parameters');
  if (put.annotations) assertParametersSize(put.annotations, 'action annotations');

  const existing = await db.action.findUnique({
    where: { namespaceId_packageName_name: { namespaceId: caller.namespaceId, packageName: path.packageName, name: path.name } },
    select: actionColumns,
  });
  if (existing && !options.overwrite) {
    throw conflict(`The action ${formatEntityPath(path)} already exists; set overwrite=true to update it.`);
  }
  if (options.ifMatch) assertVersionMatches(path, existing?.version, options.ifMatch);
  if (!existing && !put.exec) throw badRequest('The action has no exec: give exec.kind and exec.code.');

  const packageId = await resolveContainingPackage(db, caller, path.packageName);
  const exec: ValidExec = put.exec ? await assertActionExec(db, caller, put.exec) : execOf(existing!);
  const limits = {
    timeoutMs: put.limits?.timeout ?? existing?.timeoutMs ?? ACTION_LIMITS.timeoutMs.default,
    memoryMb: put.limits?.memory ?? existing?.memoryMb ?? ACTION_LIMITS.memoryMb.default,
    logsMb: put.limits?.logs ?? existing?.logsMb ?? ACTION_LIMITS.logsMb.default,
    concurrency: put.limits?.concurrency ?? existing?.concurrency ?? ACTION_LIMITS.concurrency.default,
  };
  const parameters = (put.parameters ?? existing?.parameters ?? []) as Prisma.InputJsonValue;
  const annotations = withExecAnnotation(
    (put.annotations ?? (existing?.annotations as KeyValue[] | undefined) ?? []) as KeyValue[],
    exec.kind,
  ) as Prisma.InputJsonValue;
  const version = existing ? bumpPatch(existing.version) : '0.0.1';
  const state = { version, ...exec, parameters, annotations, ...limits };

  return conflictOnRace(`The action ${formatEntityPath(path)}`, async () => {
    const saved = await db.$transaction(async (tx) => {
      const action = existing
        ? await tx.action.update({
            // Only the version this save was computed from: a save in between makes this one a conflict, not a lost update.
            where: { id: existing.id, version: existing.version },
            data: { ...state, publish: put.publish ?? existing.publish },
            select: actionColumns,
          })
        : await tx.action.create({
            data: {
              ...state,
              namespaceId: caller.namespaceId,
              packageName: path.packageName,
              packageId,
              name: path.name,
              publish: put.publish ?? false,
            },
            select: actionColumns,
          });
      await tx.actionVersion.create({ data: { actionId: action.id, ...state } });
      return action;
    });
    return toDocument(caller.namespace, saved);
  });
}

/** Reads an action; `code: false` leaves the code out (OpenWhisk's `code=false`). */
export async function getAction(db: Db, caller: Caller, path: EntityPath, options: { code: boolean } = { code: true }): Promise<ActionDocument> {
  const row = await db.action.findUnique({
    where: { namespaceId_packageName_name: { namespaceId: caller.namespaceId, packageName: path.packageName, name: path.name } },
    select: { ...actionColumns, code: options.code },
  });
  if (!row) throw notFound(`The action ${formatEntityPath(path)} does not exist.`);
  return toDocument(caller.namespace, row as ActionRow);
}

/**
 * Lists the caller's actions, most recently updated first, without code.
 * `packageName` limits the list to one package ("" for the default package).
 */
export async function listActions(db: Db, caller: Caller, options: ListOptions & { packageName?: string }): Promise<ActionDocument[]> {
  const rows = await db.action.findMany({
    where: { namespaceId: caller.namespaceId, ...(options.packageName !== undefined ? { packageName: options.packageName } : {}) },
    select: { ...actionColumns, code: false },
    orderBy: [{ updatedAt: 'desc' }, { name: 'asc' }],
    take: options.limit,
    skip: options.skip,
  });
  return rows.map((row) => toDocument(caller.namespace, { ...row, code: null }));
}

export async function countActions(db: Db, caller: Caller): Promise<number> {
  return db.action.count({ where: { namespaceId: caller.namespaceId } });
}

/** Deletes an action with all its versions; answers what was deleted. */
export async function deleteAction(db: Db, caller: Caller, path: EntityPath): Promise<ActionDocument> {
  const doc = await getAction(db, caller, path);
  const deleted = await db.action.deleteMany({
    where: { namespaceId: caller.namespaceId, packageName: path.packageName, name: path.name },
  });
  if (deleted.count === 0) throw notFound(`The action ${formatEntityPath(path)} does not exist.`);
  return doc;
}

async function resolveContainingPackage(db: Db, caller: Caller, packageName: string): Promise<string | null> {
  if (!packageName) return null;
  const pkg = await db.package.findUnique({
    where: { namespaceId_name: { namespaceId: caller.namespaceId, name: packageName } },
    select: { id: true, bindingName: true },
  });
  if (!pkg) throw notFound(`The package ${packageName} does not exist; create it before adding actions to it.`);
  if (pkg.bindingName) throw badRequest(`The package ${packageName} is a binding; actions cannot be added to a binding.`);
  return pkg.id;
}

function execOf(row: ActionRow): ValidExec {
  return { kind: row.kind, code: row.code, main: row.main, binary: row.binary, image: row.image, components: row.components };
}

/** OpenWhisk marks every action with an `exec` annotation naming its kind. */
export function withExecAnnotation(annotations: KeyValue[], kind: string): KeyValue[] {
  const execValue = kind.split(':')[0] ?? kind;
  return [...annotations.filter((entry) => entry.key !== 'exec'), { key: 'exec', value: execValue }];
}

export function toDocument(namespace: string, row: ActionRow): ActionDocument {
  const exec: ActionDocument['exec'] = { kind: row.kind, binary: row.binary };
  if (row.code !== null && row.code !== undefined) exec.code = row.code;
  if (row.main) exec.main = row.main;
  if (row.image) exec.image = row.image;
  if (row.components.length > 0) exec.components = row.components;
  return {
    namespace: row.packageName ? `${namespace}/${row.packageName}` : namespace,
    name: row.name,
    version: row.version,
    publish: row.publish,
    exec,
    parameters: row.parameters as KeyValue[],
    annotations: row.annotations as KeyValue[],
    limits: { timeout: row.timeoutMs, memory: row.memoryMb, logs: row.logsMb, concurrency: row.concurrency },
    updated: row.updatedAt.getTime(),
  };
}
