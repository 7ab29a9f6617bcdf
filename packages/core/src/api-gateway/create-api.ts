// createApi: add a route to an API (or make the API), or replace an API with
// a swagger document's routes. All or nothing: every action is checked and
// every clash found before the one transaction that writes.
import type { Db } from '@brisk/db';
import { conflictOnRace } from '../concurrent-writes.ts';
import { badRequest, conflict } from '../errors.ts';
import type { Caller } from '../namespaces.ts';
import { apiValue, type ApiValue } from './api-document.ts';
import { parseCreateRequest, type CreateRequest } from './create-request.ts';
import { MAX_ROUTES_PER_NAMESPACE, routeColumns, routesLockKey } from './route-columns.ts';
import { patternKey } from './route-match.ts';
import { routePath } from './route-paths.ts';
import { routeTarget } from './route-target.ts';

export interface CreateApiOptions {
  /** The query's `responsetype`: the web action extension for routes that name none (json by default). */
  responseType: string | null;
  /** Where the gateway is reached, for gwApiUrl. */
  baseUrl: string;
}

/**
 * Creates or updates routes as OpenWhisk's `createApi` does and answers the
 * API they belong to (`{namespace, gwApiActivated, tenantId, gwApiUrl,
 * apidoc}`). A route already there for the same base path, path and method
 * is replaced; a route that would answer the same requests as another (the
 * path parameters' names aside) is a 409.
 */
export async function createApi(db: Db, caller: Caller, body: unknown, options: CreateApiOptions): Promise<ApiValue> {
  const request = parseCreateRequest(body, caller.namespace, options.responseType);
  const targets = new Map<string, string>();
  for (const { action } of request.routes) {
    const key = `${action.namespace}/${action.packageName}/${action.name}`;
    if (!targets.has(key)) targets.set(key, await routeTarget(db, caller, action));
  }
  const rows = request.routes.map((route) => ({
    namespaceId: caller.namespaceId,
    basePath: request.basePath,
    relPath: route.relPath,
    method: route.method,
    action: targets.get(`${route.action.namespace}/${route.action.packageName}/${route.action.name}`)!,
    responseType: route.responseType,
  }));
  assertNoClashes(rows, []);

  const saved = await conflictOnRace(`The API ${request.basePath}`, () =>
    db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${routesLockKey(caller.namespaceId)}, 0))`;
      const existing = await tx.apiRoute.findMany({ where: { namespaceId: caller.namespaceId }, select: routeColumns });
      const others = existing.filter((route) =>
        request.replace
          ? route.basePath !== request.basePath
          : !rows.some((row) => row.basePath === route.basePath && row.relPath === route.relPath && row.method === route.method),
      );
      assertNoClashes(rows, others);
      if (others.length + rows.length > MAX_ROUTES_PER_NAMESPACE) {
        throw badRequest(`A namespace may have at most ${MAX_ROUTES_PER_NAMESPACE} routes; this one has ${others.length} besides these ${rows.length}.`);
      }
      const apiName = apiNameFor(request, existing);
      if (request.replace) {
        await tx.apiRoute.deleteMany({ where: { namespaceId: caller.namespaceId, basePath: request.basePath } });
        await tx.apiRoute.createMany({ data: rows.map((row) => ({ ...row, apiName })) });
      } else {
        for (const row of rows) {
          await tx.apiRoute.upsert({
            where: { namespaceId_basePath_relPath_method: { namespaceId: row.namespaceId, basePath: row.basePath, relPath: row.relPath, method: row.method } },
            create: { ...row, apiName },
            update: { action: row.action, responseType: row.responseType },
          });
        }
      }
      return tx.apiRoute.findMany({ where: { namespaceId: caller.namespaceId, basePath: request.basePath }, select: routeColumns });
    }),
  );
  return apiValue(saved, caller.namespace, options.baseUrl);
}

/** A swagger names its API; one route joins its API under the name it has (or gives the new API one). */
function apiNameFor(request: CreateRequest, existing: readonly { basePath: string; apiName: string }[]): string {
  const current = existing.find((route) => route.basePath === request.basePath)?.apiName;
  if (request.replace) return request.apiName ?? request.basePath;
  return current ?? request.apiName ?? request.basePath;
}

type RouteShape = { basePath: string; relPath: string; method: string };

/** Refuses two routes of one method that match the same requests: which one answers would be a guess. */
function assertNoClashes(rows: readonly RouteShape[], others: readonly RouteShape[]): void {
  const seen = new Map<string, RouteShape>();
  for (const route of others) seen.set(`${route.method} ${patternKey(route.basePath, route.relPath)}`, route);
  for (const row of rows) {
    const key = `${row.method} ${patternKey(row.basePath, row.relPath)}`;
    const clash = seen.get(key);
    if (clash) {
      const message = `The route ${row.method} ${routePath(row.basePath, row.relPath)} would answer the same requests as ${clash.method} ${routePath(clash.basePath, clash.relPath)} (base path ${clash.basePath}).`;
      throw others.includes(clash) ? conflict(`${message} Delete that route first.`) : badRequest(message);
    }
    seen.set(key, row);
  }
}
