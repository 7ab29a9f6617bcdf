// /api/v1/namespaces/{ns}/activations/{id}
import { getActivation, resolveOwnNamespace } from '@brisk/core';
import { restRoute } from '@/server/rest/route';

type Params = { namespace: string; activationId: string };

export const GET = restRoute<Params>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, context }) => {
    resolveOwnNamespace(caller, params.namespace);
    return Response.json(await getActivation(context.deps, caller, params.activationId));
  },
});
