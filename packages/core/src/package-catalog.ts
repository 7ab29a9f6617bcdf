// The console's view of packages: the namespace's list with what each one
// holds, and one package as its editor needs it (its own settings beside what
// its actions get).
import type { Db } from '@brisk/db';
import type { KeyValue } from './entity-schemas.ts';
import { isBriskError, notFound } from './errors.ts';
import { assertEntityName } from './names.ts';
import type { Caller } from './namespaces.ts';
import { bindingTarget, isBinding, packageColumns, type PackageRow } from './package-access.ts';
import { getPackage, toPackageDocument, type PackageDocument, type PackageEntryBrief } from './packages.ts';

export interface PackageListEntry extends PackageDocument {
  /**
   * How many actions the package holds; for a binding, how many the bound
   * package holds. Null for a binding whose package is gone or no longer shared.
   */
  actionCount: number | null;
}

/**
 * Lists the caller's packages and bindings by name, each with its action
 * count (one grouped count for the namespace's own packages, one lookup per
 * binding to another namespace).
 */
export async function listPackageCatalog(db: Db, caller: Caller, options: { limit: number }): Promise<{ items: PackageListEntry[]; total: number }> {
  const where = { namespaceId: caller.namespaceId };
  const [rows, total] = await Promise.all([
    db.package.findMany({ where, select: packageColumns, orderBy: { name: 'asc' }, take: options.limit }),
    db.package.count({ where }),
  ]);
  const groups = await db.action.groupBy({
    by: ['packageName'],
    where: { namespaceId: caller.namespaceId, packageName: { not: '' } },
    _count: { _all: true },
  });
  const ownCounts = new Map(groups.map((group) => [group.packageName, group._count._all]));
  const items = await Promise.all(
    rows.map(async (row): Promise<PackageListEntry> => {
      const doc = toPackageDocument(caller.namespace, row);
      if (!isBinding(row)) return { ...doc, actionCount: ownCounts.get(row.name) ?? 0 };
      return { ...doc, actionCount: await boundActionCount(db, caller, row, ownCounts) };
    }),
  );
  return { items, total };
}

async function boundActionCount(db: Db, caller: Caller, binding: PackageRow, ownCounts: Map<string, number>): Promise<number | null> {
  try {
    const target = await bindingTarget(db, caller, binding);
    if (target.row.namespaceId === caller.namespaceId) return ownCounts.get(target.row.name) ?? 0;
    return await db.action.count({ where: { namespaceId: target.row.namespaceId, packageName: target.row.name } });
  } catch (error) {
    // Gone, unpublished or itself a binding: the binding reaches no actions.
    if (isBriskError(error)) return null;
    throw error;
  }
}

/** One package of the caller's namespace as the console edits it. */
export interface PackageDetail {
  /** The package as stored: a binding's own parameters, not merged with its package's. */
  package: PackageDocument;
  /** The actions it holds (a binding: the bound package's), as `getPackage` reads them. */
  actions: PackageEntryBrief[];
  feeds: PackageEntryBrief[];
  /** The parameters its actions inherit: package < binding for a binding. */
  effectiveParameters: KeyValue[];
  /** Why a binding reaches no actions (its package is gone or no longer shared); absent otherwise. */
  bindingProblem?: string;
}

/**
 * Reads one of the caller's own packages or bindings with its contents. Unlike
 * `getPackage`, it keeps a binding's own parameters apart from the merged
 * ones, so an edit saves only what the binding itself sets.
 */
export async function getPackageDetail(db: Db, caller: Caller, name: string): Promise<PackageDetail> {
  assertEntityName(name, 'package');
  const row = await db.package.findUnique({ where: { namespaceId_name: { namespaceId: caller.namespaceId, name } }, select: packageColumns });
  if (!row) throw notFound(`The package ${name} does not exist.`);
  const contents = await getPackage(db, caller, caller.namespace, name);
  const detail: PackageDetail = {
    package: toPackageDocument(caller.namespace, row),
    actions: contents.actions,
    feeds: contents.feeds,
    effectiveParameters: contents.parameters,
  };
  if (isBinding(row)) {
    try {
      await bindingTarget(db, caller, row);
    } catch (error) {
      if (!isBriskError(error)) throw error;
      detail.bindingProblem =
        error.kind === 'forbidden'
          ? `The bound package /${detail.package.binding.namespace}/${detail.package.binding.name} is no longer shared.`
          : error.message;
    }
  }
  return detail;
}
