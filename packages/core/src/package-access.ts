// Who may see which package: a namespace's own packages, and the published
// packages of other namespaces. Bindings are followed one level, as in
// OpenWhisk (a binding can never point at another binding).
import type { Db, Prisma } from '@brisk/db';
import type { KeyValue } from './entity-schemas.ts';
import { badRequest, forbidden, notFound } from './errors.ts';
import { assertEntityName } from './names.ts';
import type { Caller } from './namespaces.ts';

export const packageColumns = {
  id: true,
  namespaceId: true,
  name: true,
  bindingNamespace: true,
  bindingName: true,
  publish: true,
  parameters: true,
  annotations: true,
  version: true,
  updatedAt: true,
  /** Not shown: it says only whether (and when) the package's environment variables changed, for invocations. */
  envStamp: true,
} as const;
export type PackageRow = Prisma.PackageGetPayload<{ select: typeof packageColumns }>;

/** A package together with the name of the namespace that owns it. */
export interface OwnedPackage {
  namespace: string;
  row: PackageRow;
}

/**
 * The namespace a URL segment names for reads of shared entities: `_` is the
 * caller's own; any other valid name is taken as written (access is decided
 * per package).
 */
export function namespaceOfSegment(caller: Caller, segment: string): string {
  if (segment === '_') return caller.namespace;
  assertEntityName(segment, 'namespace');
  return segment;
}

/** True when the package is a binding. */
export function isBinding(row: Pick<PackageRow, 'bindingName'>): boolean {
  return row.bindingName !== null;
}

/** Reads a package by namespace name without any access check; null when absent. */
export async function findPackage(db: Db, caller: Caller, namespace: string, name: string): Promise<PackageRow | null> {
  if (namespace === caller.namespace) {
    return db.package.findUnique({ where: { namespaceId_name: { namespaceId: caller.namespaceId, name } }, select: packageColumns });
  }
  return db.package.findFirst({ where: { name, namespace: { name: namespace } }, select: packageColumns });
}

/**
 * A package the caller may read: any of its own (null when it has no such
 * package), or a published package of another namespace. Anything else in
 * another namespace — private, a binding, or absent — is refused with 403,
 * so a key cannot probe which private packages exist.
 */
export async function readablePackage(db: Db, caller: Caller, namespace: string, name: string): Promise<PackageRow | null> {
  const row = await findPackage(db, caller, namespace, name);
  if (namespace === caller.namespace) return row;
  if (!row?.publish || isBinding(row)) throw forbidden();
  return row;
}

/**
 * The package a binding refers to, if the caller may still use it: 404 when
 * it is gone from the caller's own namespace, 403 when it is in another
 * namespace and no longer published.
 */
export async function bindingTarget(db: Db, caller: Caller, binding: PackageRow): Promise<OwnedPackage> {
  const namespace = binding.bindingNamespace ?? caller.namespace;
  const name = binding.bindingName ?? '';
  const row = await readablePackage(db, caller, namespace, name);
  if (!row) throw notFound(`The binding ${binding.name} refers to the package /${namespace}/${name}, which does not exist.`);
  if (isBinding(row)) throw badRequest(`The binding ${binding.name} refers to /${namespace}/${name}, which is itself a binding.`);
  return { namespace, row };
}

/** Merges key-value lists; a later list's value wins, each key keeps its first place. */
export function mergeKeyValues(layers: readonly (readonly KeyValue[])[]): KeyValue[] {
  const merged = new Map<string, unknown>();
  for (const layer of layers) for (const { key, value } of layer) merged.set(key, value);
  return [...merged].map(([key, value]) => ({ key, value }));
}
