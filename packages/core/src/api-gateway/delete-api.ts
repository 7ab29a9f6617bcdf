// deleteApi: a whole API, one path of it, or one operation of that path.
import type { Db } from '@brisk/db';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { Caller } from '../namespaces.ts';
import { apiWhere } from './api-filter.ts';
import { normalizeMethod, normalizeRelPath } from './route-paths.ts';

/**
 * Deletes routes of the caller's API `basepath` (a base path or an API name):
 * all of them, those of `relpath`, or `operation` on `relpath`. Answers `{}`
 * as OpenWhisk does; 404 when there is nothing to delete, in the caller's
 * namespace (another namespace's APIs are never found).
 */
export async function deleteApi(db: Db, caller: Caller, query: URLSearchParams): Promise<Record<string, never>> {
  const basepath = query.get('basepath');
  const relpath = query.get('relpath');
  const operation = query.get('operation');
  if (!basepath) throw badRequest('The basepath is required: name the API by its base path or its name.');
  if (operation && !relpath) throw badRequest('When specifying an operation, the path (relpath) is required.');
  const relPath = relpath ? normalizeRelPath(relpath) : undefined;
  const method = operation ? normalizeMethod(operation) : undefined;

  const routes = await db.apiRoute.findMany({
    where: apiWhere(caller.namespaceId, basepath),
    select: { id: true, basePath: true, relPath: true, method: true },
  });
  if (routes.length === 0) throw notFound(`API '${basepath}' does not exist.`);
  const basePaths = new Set(routes.map((route) => route.basePath));
  if (basePaths.size > 1) {
    throw conflict(`The name '${basepath}' names ${basePaths.size} APIs (${[...basePaths].sort().join(', ')}): delete by base path.`);
  }
  const doomed = routes.filter((route) => (relPath === undefined || route.relPath === relPath) && (method === undefined || route.method === method));
  if (doomed.length === 0) {
    throw notFound(
      method ? `path '${relPath}' with operation '${method.toLowerCase()}' does not exist in the API` : `path '${relPath}' does not exist in the API`,
    );
  }
  await db.apiRoute.deleteMany({ where: { namespaceId: caller.namespaceId, id: { in: doomed.map((route) => route.id) } } });
  return {};
}
