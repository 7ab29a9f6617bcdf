// Activations: list (name, since, upto, skip, limit, docs, count), read a
// record, its logs, its response.
import { countActivations, getActivation, getActivationInput, listActivations, parseListOptions, queryEpochMillis, type ActivationFilter } from '@brisk/core';
import { keyRoute, queryFlag } from '../api-route';
import { LIST_QUERY } from '../query-docs';

const ITEM = '/namespaces/{namespace}/activations/{activationId}';

export const activationRoutes = [
  keyRoute({
    method: 'GET',
    path: '/namespaces/{namespace}/activations',
    summary: 'List activations, newest first',
    tag: 'Activations',
    scope: 'own',
    query: ['name', 'since', 'upto', 'docs', ...LIST_QUERY],
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, url, context }) => {
      const filter = activationFilter(url.searchParams);
      if (queryFlag(url, 'count')) return Response.json({ activations: await countActivations(context.deps.db, caller, filter) });
      const options = { ...parseListOptions(url.searchParams), docs: queryFlag(url, 'docs') };
      return Response.json(await listActivations(context.deps.db, caller, filter, options));
    },
  }),
  keyRoute({
    method: 'GET',
    path: ITEM,
    summary: 'Get an activation (pending until it ends)',
    tag: 'Activations',
    scope: 'own',
    query: ['input'],
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, url, context }) => {
      const record = await getActivation(context.deps, caller, params.activationId);
      // OpenWhisk's record has no input: only those who ask get it (null while it runs or when none was kept).
      if (!queryFlag(url, 'input')) return Response.json(record);
      return Response.json({ ...record, input: (await getActivationInput(context.deps.db, caller, params.activationId)) ?? null });
    },
  }),
  keyRoute({
    method: 'GET',
    path: `${ITEM}/logs`,
    summary: "An activation's logs",
    tag: 'Activations',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => Response.json({ logs: (await getActivation(context.deps, caller, params.activationId)).logs }),
  }),
  keyRoute({
    method: 'GET',
    path: `${ITEM}/result`,
    summary: "An activation's response",
    tag: 'Activations',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => Response.json((await getActivation(context.deps, caller, params.activationId)).response),
  }),
];

function activationFilter(query: URLSearchParams): ActivationFilter {
  const filter: ActivationFilter = {};
  const name = query.get('name');
  // A fully qualified "/ns/pkg/name" names the same entity as "pkg/name".
  if (name) filter.name = name.startsWith('/') ? name.split('/').slice(2).join('/') : name;
  for (const key of ['since', 'upto'] as const) {
    const value = queryEpochMillis(query.get(key), key);
    if (value !== undefined) filter[key] = value;
  }
  return filter;
}
