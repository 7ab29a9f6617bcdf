// /api/v1/namespaces/{ns}/triggers/{name}: read, create or update
// (overwrite), delete, and fire (POST with the event payload).
import { deleteTrigger, fireTrigger, getTrigger, MAX_PARAMETERS_BYTES, MB, putTrigger, resolveOwnNamespace } from '@brisk/core';
import { queryFlag, restRoute } from '@/server/rest/route';
import { decodeSegment } from '@/server/rest/segments';

type Params = { namespace: string; name: string };

export const GET = restRoute<Params>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    return Response.json(await getTrigger(context.deps.db, caller, decodeSegment(params.name)));
  },
});

export const PUT = restRoute<Params>({
  // Parameters and annotations may each be 1 MB.
  maxBodyBytes: 2 * MAX_PARAMETERS_BYTES + MB,
  handler: async ({ caller, params, url, body, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    const options = { overwrite: queryFlag(url, 'overwrite') };
    return Response.json(await putTrigger(context.deps.db, caller, decodeSegment(params.name), body, options));
  },
});

export const DELETE = restRoute<Params>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    return Response.json(await deleteTrigger(context.deps.db, caller, decodeSegment(params.name)));
  },
});

/** Fires the trigger: 202 with the trigger activation's id, or 204 when no rule is active. */
export const POST = restRoute<Params>({
  maxBodyBytes: MAX_PARAMETERS_BYTES,
  handler: async ({ caller, params, body, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    const outcome = await fireTrigger(context.deps, caller, decodeSegment(params.name), body);
    if (!outcome.fired) return new Response(null, { status: 204 });
    return Response.json(
      { activationId: outcome.activationId },
      { status: 202, headers: { 'x-openwhisk-activation-id': outcome.activationId } },
    );
  },
});
