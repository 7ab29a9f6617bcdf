// GET /api/v1/namespaces/{ns}/actions — list (limit, skip, count)
import { countActions, listActions, parseListOptions, resolveOwnNamespace } from '@brisk/core';
import { queryFlag, restRoute } from '@/server/rest/route';

export const GET = restRoute<{ namespace: string }>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, url, context }) => {
    resolveOwnNamespace(caller, params.namespace);
    if (queryFlag(url, 'count')) return Response.json({ actions: await countActions(context.deps.db, caller) });
    return Response.json(await listActions(context.deps.db, caller, parseListOptions(url.searchParams)));
  },
});
