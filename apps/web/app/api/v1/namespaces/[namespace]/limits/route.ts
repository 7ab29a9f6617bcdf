// GET /api/v1/namespaces/{ns}/limits
import { namespaceLimits, namespaceLimitsDocument, resolveOwnNamespace } from '@brisk/core';
import { restRoute } from '@/server/rest/route';

export const GET = restRoute<{ namespace: string }>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, context }) => {
    resolveOwnNamespace(caller, params.namespace);
    return Response.json(namespaceLimitsDocument(await namespaceLimits(context.deps.db, caller.namespaceId)));
  },
});
