// Finds the action an invocation or a read names, through a package binding
// or another namespace's published package if need be, and the parameters it
// inherits on the way.
import type { Db } from '@brisk/db';
import { getAction, type ActionDocument } from './actions.ts';
import type { KeyValue } from './entity-schemas.ts';
import { forbidden, isBriskError, notFound } from './errors.ts';
import { formatEntityPath, type EntityPath } from './names.ts';
import type { Caller } from './namespaces.ts';
import { environmentRevision } from './environment/env-seal.ts';
import { bindingTarget, isBinding, mergeKeyValues, readablePackage } from './package-access.ts';

/** What an invocation needs to know about its action. */
export interface InvocableAction {
  id: string;
  version: string;
  kind: string;
  timeoutMs: number;
  /** The container's memory: what placement books on a worker. */
  memoryMb: number;
  /** Inherited parameters, lowest precedence first: package, binding (if any), then action. */
  parameterLayers: KeyValue[][];
  /** Where the action really lives, "namespace/[package/]name", for the activation's path annotation. */
  home: string;
  /** The stamps of its and its package's environment variables ("" when none): the job carries it, never a value. */
  environment: string;
}

/** Where a package path really leads: the owner of the actions and what they inherit. */
interface PackageLocation {
  namespaceId: string;
  namespace: string;
  packageName: string;
  /** Lowest first: the package's parameters, then the binding's. */
  inherited: KeyValue[][];
  /** The envStamp of the package the actions live in (a binding has no variables of its own). */
  envStamp: string;
}

const invocableColumns = { id: true, version: true, kind: true, timeoutMs: true, memoryMb: true, parameters: true, envStamp: true } as const;

/**
 * Resolves `path` in `namespace` (the caller's own by default) for an
 * invocation. In the caller's namespace the path may name a binding, which
 * leads to the bound package; in another namespace only the actions of a
 * published package are reachable (403 otherwise, whether or not they
 * exist). 404 when there is no such action.
 */
export async function resolveInvocable(db: Db, caller: Caller, path: EntityPath, namespace = caller.namespace): Promise<InvocableAction> {
  if (namespace === caller.namespace) {
    // The common case in one query: an action of the caller's own, in the
    // default package or a real package (a binding never holds actions).
    const row = await db.action.findUnique({
      where: { namespaceId_packageName_name: { namespaceId: caller.namespaceId, packageName: path.packageName, name: path.name } },
      select: { ...invocableColumns, package: { select: { parameters: true, envStamp: true } } },
    });
    if (row) return invocable(row, [(row.package?.parameters ?? []) as KeyValue[]], `${caller.namespace}/${formatEntityPath(path)}`, row.package?.envStamp);
    if (!path.packageName) throw notFound(`The action ${formatEntityPath(path)} does not exist.`);
  }
  const location = await locatePackage(db, caller, namespace, path);
  const row = await db.action.findUnique({
    where: { namespaceId_packageName_name: { namespaceId: location.namespaceId, packageName: location.packageName, name: path.name } },
    select: invocableColumns,
  });
  if (!row) throw notFound(`The action ${describe(caller, namespace, path)} does not exist.`);
  return invocable(
    row,
    location.inherited,
    `${location.namespace}/${formatEntityPath({ packageName: location.packageName, name: path.name })}`,
    location.envStamp,
  );
}

/**
 * Reads an action the caller may see: its own as stored, or one reached
 * through a binding or another namespace's published package. The latter is
 * shown where it really lives, with the parameters it runs with (package <
 * binding < action), as OpenWhisk shows it.
 */
export async function getReadableAction(
  db: Db,
  caller: Caller,
  namespace: string,
  path: EntityPath,
  options: { code: boolean } = { code: true },
): Promise<ActionDocument> {
  if (namespace === caller.namespace) {
    try {
      return await getAction(db, caller, path, options);
    } catch (error) {
      // Not found in the caller's own package: the package may be a binding.
      if (!path.packageName || !isBriskError(error) || error.kind !== 'not-found') throw error;
    }
  }
  const location = await locatePackage(db, caller, namespace, path);
  const owner: Caller = { namespaceId: location.namespaceId, namespace: location.namespace, subject: caller.subject };
  try {
    const action = await getAction(db, owner, { packageName: location.packageName, name: path.name }, options);
    return { ...action, parameters: mergeKeyValues([...location.inherited, action.parameters]) };
  } catch (error) {
    if (isBriskError(error) && error.kind === 'not-found') throw notFound(`The action ${describe(caller, namespace, path)} does not exist.`);
    throw error;
  }
}

/** Merges parameter layers; later layers win. */
export function mergeParameters(layers: KeyValue[][], invocation: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) for (const { key, value } of layer) merged[key] = value;
  return { ...merged, ...invocation };
}

/**
 * Follows `path`'s package for this caller. Another namespace's default
 * package is never shared; its named packages only when published.
 */
async function locatePackage(db: Db, caller: Caller, namespace: string, path: EntityPath): Promise<PackageLocation> {
  if (!path.packageName) throw forbidden();
  const pkg = await readablePackage(db, caller, namespace, path.packageName);
  if (!pkg) throw notFound(`The action ${formatEntityPath(path)} does not exist.`);
  if (!isBinding(pkg)) {
    return { namespaceId: pkg.namespaceId, namespace, packageName: pkg.name, inherited: [pkg.parameters as KeyValue[]], envStamp: pkg.envStamp };
  }
  const target = await bindingTarget(db, caller, pkg);
  return {
    namespaceId: target.row.namespaceId,
    namespace: target.namespace,
    packageName: target.row.name,
    inherited: [target.row.parameters as KeyValue[], pkg.parameters as KeyValue[]],
    envStamp: target.row.envStamp,
  };
}

function invocable(
  row: { id: string; version: string; kind: string; timeoutMs: number; memoryMb: number; parameters: unknown; envStamp: string },
  inherited: KeyValue[][],
  home: string,
  packageEnvStamp: string | undefined,
): InvocableAction {
  return {
    id: row.id,
    version: row.version,
    kind: row.kind,
    timeoutMs: row.timeoutMs,
    memoryMb: row.memoryMb,
    parameterLayers: [...inherited, row.parameters as KeyValue[]],
    home,
    environment: environmentRevision(row.envStamp, packageEnvStamp),
  };
}

function describe(caller: Caller, namespace: string, path: EntityPath): string {
  return namespace === caller.namespace ? formatEntityPath(path) : `/${namespace}/${formatEntityPath(path)}`;
}
