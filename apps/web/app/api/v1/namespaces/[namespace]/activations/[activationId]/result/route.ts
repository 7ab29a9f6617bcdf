// GET /api/v1/namespaces/{ns}/activations/{id}/result
import { getActivation, resolveOwnNamespace } from '@brisk/core';
import { restRoute } from '@/server/rest/route';

export const GET = restRoute<{ namespace: string; activationId: string }>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, context }) => {
    resolveOwnNamespace(caller, params.namespace);
    const record = await getActivation(context.deps, caller, params.activationId);
    return Response.json(record.response);
  },
});
