// /api/v1/namespaces/{ns}/rules/{name}: read, create or update (overwrite),
// delete, and enable or disable (POST {"status": "active" | "inactive"}).
import { deleteRule, getRule, MAX_PARAMETERS_BYTES, MB, putRule, resolveOwnNamespace, setRuleStatus } from '@brisk/core';
import { queryFlag, restRoute } from '@/server/rest/route';
import { decodeSegment } from '@/server/rest/segments';

type Params = { namespace: string; name: string };

export const GET = restRoute<Params>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    return Response.json(await getRule(context.deps.db, caller, decodeSegment(params.name)));
  },
});

export const PUT = restRoute<Params>({
  maxBodyBytes: MAX_PARAMETERS_BYTES + MB,
  handler: async ({ caller, params, url, body, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    const options = { overwrite: queryFlag(url, 'overwrite') };
    return Response.json(await putRule(context.deps.db, caller, decodeSegment(params.name), body, options));
  },
});

export const DELETE = restRoute<Params>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    return Response.json(await deleteRule(context.deps.db, caller, decodeSegment(params.name)));
  },
});

export const POST = restRoute<Params>({
  maxBodyBytes: 64 * 1024,
  handler: async ({ caller, params, body, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    return Response.json(await setRuleStatus(context.deps.db, caller, decodeSegment(params.name), body));
  },
});
