// Packages: list (another namespace's list holds only its published
// packages), read (also another namespace's published package), create or
// update (overwrite), delete (force).
import {
  countPackages,
  deletePackage,
  getPackage,
  listPackages,
  MAX_PARAMETERS_BYTES,
  MB,
  noteActionsChanged,
  parseListOptions,
  putPackage,
} from '@brisk/core';
import { keyRoute, queryFlag } from '../api-route';
import { LIST_QUERY } from '../query-docs';

const ITEM = '/namespaces/{namespace}/packages/{package}';

export const packageRoutes = [
  keyRoute({
    method: 'GET',
    path: '/namespaces/{namespace}/packages',
    summary: 'List packages',
    tag: 'Packages',
    scope: 'shared',
    query: [...LIST_QUERY, 'public'],
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, namespace, url, context }) => {
      const includePublic = queryFlag(url, 'public');
      if (queryFlag(url, 'count')) {
        return Response.json({ packages: await countPackages(context.deps.db, caller, namespace, { public: includePublic }) });
      }
      const options = { ...parseListOptions(url.searchParams), public: includePublic };
      return Response.json(await listPackages(context.deps.db, caller, namespace, options));
    },
  }),
  keyRoute({
    method: 'GET',
    path: ITEM,
    summary: 'Get a package with its actions',
    tag: 'Packages',
    scope: 'shared',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, namespace, params, context }) => Response.json(await getPackage(context.deps.db, caller, namespace, params.package)),
  }),
  keyRoute({
    method: 'PUT',
    path: ITEM,
    summary: 'Create or update a package or binding',
    tag: 'Packages',
    scope: 'own',
    query: ['overwrite'],
    body: 'Package',
    // Parameters and annotations may each be 1 MB.
    maxBodyBytes: 2 * MAX_PARAMETERS_BYTES + MB,
    ok: [200],
    handler: async ({ caller, params, url, body, context }) => {
      const saved = await putPackage(context.deps.db, caller, params.package, body, { overwrite: queryFlag(url, 'overwrite') });
      // Package parameters, bindings and sharing all change how actions resolve.
      await noteActionsChanged(context.deps);
      return Response.json(saved);
    },
  }),
  keyRoute({
    method: 'DELETE',
    path: ITEM,
    summary: 'Delete a package',
    tag: 'Packages',
    scope: 'own',
    query: ['force'],
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, url, context }) => {
      const deleted = await deletePackage(context.deps.db, caller, params.package, { force: queryFlag(url, 'force') });
      await noteActionsChanged(context.deps);
      return Response.json(deleted);
    },
  }),
];
