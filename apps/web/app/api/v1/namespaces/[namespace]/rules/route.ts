// GET /api/v1/namespaces/{ns}/rules — list (limit, skip, count)
import { countRules, listRules, parseListOptions, resolveOwnNamespace } from '@brisk/core';
import { queryFlag, restRoute } from '@/server/rest/route';
import { decodeSegment } from '@/server/rest/segments';

export const GET = restRoute<{ namespace: string }>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, url, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    if (queryFlag(url, 'count')) return Response.json({ rules: await countRules(context.deps.db, caller) });
    return Response.json(await listRules(context.deps.db, caller, parseListOptions(url.searchParams)));
  },
});
