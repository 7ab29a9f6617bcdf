// GET /api/v1/namespaces/{ns}/packages — list (limit, skip, count, public).
// Another namespace's list holds only its published packages.
import { countPackages, listPackages, namespaceOfSegment, parseListOptions } from '@brisk/core';
import { queryFlag, restRoute } from '@/server/rest/route';
import { decodeSegment } from '@/server/rest/segments';

export const GET = restRoute<{ namespace: string }>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, url, context }) => {
    const namespace = namespaceOfSegment(caller, decodeSegment(params.namespace));
    const includePublic = queryFlag(url, 'public');
    if (queryFlag(url, 'count')) {
      return Response.json({ packages: await countPackages(context.deps.db, caller, namespace, { public: includePublic }) });
    }
    const options = { ...parseListOptions(url.searchParams), public: includePublic };
    return Response.json(await listPackages(context.deps.db, caller, namespace, options));
  },
});
