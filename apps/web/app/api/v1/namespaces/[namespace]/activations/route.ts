// GET /api/v1/namespaces/{ns}/activations — list (name, since, upto, skip, limit, docs, count)
import { badRequest, countActivations, listActivations, parseListOptions, resolveOwnNamespace, type ActivationFilter } from '@brisk/core';
import { queryFlag, restRoute } from '@/server/rest/route';

export const GET = restRoute<{ namespace: string }>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, url, context }) => {
    resolveOwnNamespace(caller, params.namespace);
    const filter = activationFilter(url.searchParams);
    if (queryFlag(url, 'count')) return Response.json({ activations: await countActivations(context.deps.db, caller, filter) });
    const options = { ...parseListOptions(url.searchParams), docs: queryFlag(url, 'docs') };
    return Response.json(await listActivations(context.deps.db, caller, filter, options));
  },
});

function activationFilter(query: URLSearchParams): ActivationFilter {
  const filter: ActivationFilter = {};
  const name = query.get('name');
  // A fully qualified "/ns/pkg/name" names the same entity as "pkg/name".
  if (name) filter.name = name.startsWith('/') ? name.split('/').slice(2).join('/') : name;
  for (const key of ['since', 'upto'] as const) {
    const text = query.get(key);
    if (text === null || text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw badRequest(`The query parameter ${key} must be a time in epoch milliseconds, not "${text}".`);
    filter[key] = value;
  }
  return filter;
}
