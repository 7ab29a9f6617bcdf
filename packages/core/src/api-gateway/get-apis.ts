// getApi: the caller's APIs, in OpenWhisk's `{apis: [{id, key, value}]}`.
import type { Db } from '@brisk/db';
import { parseListOptions } from '../listing.ts';
import type { Caller } from '../namespaces.ts';
import { apiEntries, type ApiEntry } from './api-document.ts';
import { apiWhere } from './api-filter.ts';
import { routeColumns } from './route-columns.ts';
import { normalizeMethod, normalizeRelPath } from './route-paths.ts';

/**
 * Lists the caller's APIs: all of them, or the one `basepath` names (a base
 * path, or an API name); `relpath` and `operation` narrow each API to those
 * routes (APIs left without any are not listed). `limit` and `skip` page the
 * APIs. Only the caller's namespace is ever read.
 */
export async function getApis(db: Db, caller: Caller, query: URLSearchParams, baseUrl: string): Promise<{ apis: ApiEntry[] }> {
  const { limit, skip } = parseListOptions(query);
  const relpath = query.get('relpath');
  const operation = query.get('operation');
  const routes = await db.apiRoute.findMany({
    where: {
      ...apiWhere(caller.namespaceId, query.get('basepath')),
      ...(relpath ? { relPath: normalizeRelPath(relpath) } : {}),
      ...(operation ? { method: normalizeMethod(operation) } : {}),
    },
    select: routeColumns,
    orderBy: [{ basePath: 'asc' }, { relPath: 'asc' }],
  });
  return { apis: apiEntries(routes, caller.namespace, baseUrl).slice(skip, skip + limit) };
}
