// Packages and package bindings: create, update, read with their actions,
// list (own, and other namespaces' published ones), delete.
import { Prisma, type Db } from '@brisk/db';
import { z } from 'zod';
import { describeZodError, keyValueListSchema, type KeyValue } from './entity-schemas.ts';
import { badRequest, conflict, isBriskError, notFound } from './errors.ts';
import type { ListOptions } from './listing.ts';
import { assertEntityName } from './names.ts';
import type { Caller } from './namespaces.ts';
import { bindingTarget, isBinding, mergeKeyValues, packageColumns, readablePackage, type PackageRow } from './package-access.ts';
import { assertParametersSize } from './payload-size.ts';
import { bumpPatch } from './versions.ts';
import { conflictOnRace } from './concurrent-writes.ts';

/** The body of `PUT /namespaces/{ns}/packages/{name}`; every field optional on update. */
export const packagePutSchema = z.object({
  namespace: z.string().optional(),
  name: z.string().optional(),
  version: z.string().optional(),
  publish: z.boolean().optional(),
  parameters: keyValueListSchema.optional(),
  annotations: keyValueListSchema.optional(),
  // `{}` means "not a binding", as OpenWhisk writes it.
  binding: z.object({ namespace: z.string().optional(), name: z.string().optional() }).optional(),
});

export interface PackageBinding {
  namespace: string;
  name: string;
}

/** A package as the OpenWhisk API shows it; `binding` is `{}` for a package that is not a binding. */
export interface PackageDocument {
  namespace: string;
  name: string;
  version: string;
  publish: boolean;
  parameters: KeyValue[];
  annotations: KeyValue[];
  binding: PackageBinding | Record<string, never>;
  updated: number;
}

/** A package as OpenWhisk lists it: `binding` is `false` for a package that is not a binding. */
export type PackageSummary = Omit<PackageDocument, 'binding'> & { binding: PackageBinding | false };

export interface PackageEntryBrief {
  name: string;
  version: string;
  annotations: KeyValue[];
}

/** A package read on its own: with its actions, and its feeds (actions annotated `feed`). */
export interface PackageWithContents extends PackageDocument {
  actions: PackageEntryBrief[];
  feeds: PackageEntryBrief[];
}

/** OpenWhisk keeps this name for the namespace's default package. */
const RESERVED_PACKAGE_NAMES = new Set(['default']);

/**
 * Creates or (with `overwrite`) updates a package or a binding. A binding may
 * refer to a package of the caller's namespace or a published package of
 * another namespace (403 otherwise), never to another binding. A package
 * cannot become a binding (409). An update keeps what the body leaves out and
 * bumps the patch version.
 */
export async function putPackage(db: Db, caller: Caller, name: string, body: unknown, options: { overwrite: boolean }): Promise<PackageDocument> {
  assertEntityName(name, 'package');
  if (RESERVED_PACKAGE_NAMES.has(name)) throw badRequest(`The package name "${name}" is reserved.`);
  const parsed = packagePutSchema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest(`The package is not valid: ${describeZodError(parsed.error)}`);
  const put = parsed.data;
  if (put.parameters) assertParametersSize(put.parameters, 'package parameters');
  if (put.annotations) assertParametersSize(put.annotations, 'package annotations');
  const requested = requestedBinding(caller, put.binding);

  const existing = await db.package.findUnique({
    where: { namespaceId_name: { namespaceId: caller.namespaceId, name } },
    select: packageColumns,
  });
  if (existing && !options.overwrite) throw conflict(`The package ${name} already exists; set overwrite=true to update it.`);
  if (existing && requested && !isBinding(existing)) {
    throw conflict(`The package ${name} is a package, not a binding; a package cannot become a binding.`);
  }
  if (requested) await assertBindable(db, caller, name, requested);

  const binding = requested ?? (existing && isBinding(existing) ? bindingOf(caller, existing) : undefined);
  const parameters = (put.parameters ?? existing?.parameters ?? []) as Prisma.InputJsonValue;
  const annotations = withBindingAnnotation(put.annotations ?? (existing?.annotations as KeyValue[] | undefined) ?? [], binding);
  const state = {
    bindingNamespace: binding?.namespace ?? null,
    bindingName: binding?.name ?? null,
    parameters,
    annotations: annotations as Prisma.InputJsonValue,
  };
  return conflictOnRace(`The package ${name}`, async () => {
    const saved = existing
      ? await db.package.update({
          where: { id: existing.id },
          data: { ...state, version: bumpPatch(existing.version), publish: put.publish ?? existing.publish },
          select: packageColumns,
        })
      : await db.package.create({
          data: { ...state, namespaceId: caller.namespaceId, name, version: '0.0.1', publish: put.publish ?? false },
          select: packageColumns,
        });
    return toPackageDocument(caller.namespace, saved);
  });
}

/**
 * Reads a package with its actions: one of the caller's own, or a published
 * package of another namespace. A binding is shown with the bound package's
 * actions and the parameters its actions inherit (package < binding); a
 * binding whose package is gone or no longer shared shows no actions.
 */
export async function getPackage(db: Db, caller: Caller, namespace: string, name: string): Promise<PackageWithContents> {
  assertEntityName(name, 'package');
  const row = await readablePackage(db, caller, namespace, name);
  if (!row) throw notFound(`The package ${name} does not exist.`);
  const doc = toPackageDocument(namespace, row);
  if (!isBinding(row)) return { ...doc, ...(await contentsOf(db, row.namespaceId, row.name)) };
  try {
    const target = await bindingTarget(db, caller, row);
    return {
      ...doc,
      parameters: mergeKeyValues([target.row.parameters as KeyValue[], row.parameters as KeyValue[]]),
      ...(await contentsOf(db, target.row.namespaceId, target.row.name)),
    };
  } catch (error) {
    if (isBriskError(error)) return { ...doc, actions: [], feeds: [] };
    throw error;
  }
}

export interface PackageListOptions extends ListOptions {
  /** Also list the published packages of every other namespace. */
  public: boolean;
}

/**
 * Lists packages, most recently updated first. In the caller's namespace:
 * its packages and bindings (plus everyone's published packages with
 * `public`); in another namespace: only its published packages.
 */
export async function listPackages(db: Db, caller: Caller, namespace: string, options: PackageListOptions): Promise<PackageSummary[]> {
  const rows = await db.package.findMany({
    where: listWhere(caller, namespace, options.public),
    select: { ...packageColumns, namespace: { select: { name: true } } },
    orderBy: [{ updatedAt: 'desc' }, { name: 'asc' }],
    take: options.limit,
    skip: options.skip,
  });
  return rows.map((row) => {
    const { binding, ...document } = toPackageDocument(row.namespace.name, row);
    return { ...document, binding: isBinding(row) ? (binding as PackageBinding) : false };
  });
}

export async function countPackages(db: Db, caller: Caller, namespace: string, options: { public: boolean }): Promise<number> {
  return db.package.count({ where: listWhere(caller, namespace, options.public) });
}

/**
 * Deletes a package or binding of the caller's namespace; answers what was
 * deleted. A package that still holds actions is refused with 409 unless
 * `force`, which deletes its actions too, in the same transaction.
 */
export async function deletePackage(db: Db, caller: Caller, name: string, options: { force: boolean }): Promise<PackageDocument> {
  assertEntityName(name, 'package');
  const row = await db.package.findUnique({ where: { namespaceId_name: { namespaceId: caller.namespaceId, name } }, select: packageColumns });
  if (!row) throw notFound(`The package ${name} does not exist.`);
  try {
    await db.$transaction(async (tx) => {
      const inPackage = { namespaceId: caller.namespaceId, packageName: name };
      const actions = await tx.action.count({ where: inPackage });
      if (actions > 0 && !options.force) {
        throw conflict(
          `The package ${name} is not empty: it contains ${actions} ${actions === 1 ? 'action' : 'actions'}. ` +
            'Delete them first, or set force=true to delete them with the package.',
        );
      }
      if (actions > 0) await tx.action.deleteMany({ where: inPackage });
      const deleted = await tx.package.deleteMany({ where: { id: row.id } });
      if (deleted.count === 0) throw notFound(`The package ${name} does not exist.`);
    });
  } catch (error) {
    // An action created in the package meanwhile keeps it (the foreign key restricts).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') {
      throw conflict(`The package ${name} gained an action while it was being deleted; try again.`);
    }
    throw error;
  }
  return toPackageDocument(caller.namespace, row);
}

export function toPackageDocument(namespace: string, row: PackageRow): PackageDocument {
  return {
    namespace,
    name: row.name,
    version: row.version,
    publish: row.publish,
    parameters: row.parameters as KeyValue[],
    annotations: row.annotations as KeyValue[],
    binding: isBinding(row) ? { namespace: row.bindingNamespace ?? namespace, name: row.bindingName ?? '' } : {},
    updated: row.updatedAt.getTime(),
  };
}

function listWhere(caller: Caller, namespace: string, includePublic: boolean): Prisma.PackageWhereInput {
  const shared: Prisma.PackageWhereInput = { publish: true, bindingName: null };
  if (namespace !== caller.namespace) return { ...shared, namespace: { name: namespace } };
  if (includePublic) return { OR: [{ namespaceId: caller.namespaceId }, shared] };
  return { namespaceId: caller.namespaceId };
}

async function contentsOf(db: Db, namespaceId: string, packageName: string): Promise<{ actions: PackageEntryBrief[]; feeds: PackageEntryBrief[] }> {
  const rows = await db.action.findMany({
    where: { namespaceId, packageName },
    select: { name: true, version: true, annotations: true },
    orderBy: { name: 'asc' },
  });
  const entries = rows.map((row) => ({ name: row.name, version: row.version, annotations: row.annotations as KeyValue[] }));
  const isFeed = (entry: PackageEntryBrief) => entry.annotations.some((annotation) => annotation.key === 'feed');
  return { actions: entries.filter((entry) => !isFeed(entry)), feeds: entries.filter(isFeed) };
}

/** The binding a PUT body asks for, with `_` or no namespace meaning the caller's; undefined for none (`{}`). */
function requestedBinding(caller: Caller, binding: z.infer<typeof packagePutSchema>['binding']): PackageBinding | undefined {
  if (!binding || (binding.name === undefined && binding.namespace === undefined)) return undefined;
  if (binding.name === undefined) throw badRequest('The binding has no name: give binding.name, the package to bind.');
  const namespace = binding.namespace === undefined || binding.namespace === '_' ? caller.namespace : binding.namespace.replace(/^\//, '');
  assertEntityName(namespace, 'binding namespace');
  assertEntityName(binding.name, 'bound package');
  return { namespace, name: binding.name };
}

async function assertBindable(db: Db, caller: Caller, name: string, binding: PackageBinding): Promise<void> {
  if (binding.namespace === caller.namespace && binding.name === name) throw badRequest(`The binding ${name} cannot refer to itself.`);
  // Another namespace's package: 403 unless it is published (readablePackage).
  const target = await readablePackage(db, caller, binding.namespace, binding.name);
  if (!target) throw badRequest(`The binding refers to the package /${binding.namespace}/${binding.name}, which does not exist.`);
  if (isBinding(target)) throw badRequest(`/${binding.namespace}/${binding.name} is a binding; a binding must refer to a package.`);
}

function bindingOf(caller: Caller, row: PackageRow): PackageBinding {
  return { namespace: row.bindingNamespace ?? caller.namespace, name: row.bindingName ?? '' };
}

/** Like OpenWhisk, a binding carries a `binding` annotation naming its package; only the server sets it. */
function withBindingAnnotation(annotations: KeyValue[], binding: PackageBinding | undefined): KeyValue[] {
  const rest = annotations.filter((entry) => entry.key !== 'binding');
  return binding ? [...rest, { key: 'binding', value: binding }] : rest;
}
