// /api/v1/namespaces/{ns}/actions/{name} and .../actions/{package}/{name}
import {
  deleteAction,
  getReadableAction,
  invokeAction,
  MAX_CODE_BYTES,
  MAX_PARAMETERS_BYTES,
  MB,
  namespaceOfSegment,
  noteActionsChanged,
  parseEntityPath,
  putAction,
  resolveOwnNamespace,
  type ActivationRecord,
  type Caller,
} from '@brisk/core';
import { queryFlag, restRoute } from '@/server/rest/route';
import { decodeSegment } from '@/server/rest/segments';

type Params = { namespace: string; path: string[] };

const TRACE_HEADER = 'x-brisk-trace';

/** The action path of the URL, in the caller's own namespace. */
function ownAction(caller: Caller, params: Params) {
  resolveOwnNamespace(caller, params.namespace);
  return parseEntityPath(params.path.map(decodeSegment));
}

/**
 * The action path of the URL for reads and invokes, which may also name a
 * published package of another namespace; the resolver refuses anything else
 * there with 403.
 */
function sharedAction(caller: Caller, params: Params) {
  return { namespace: namespaceOfSegment(caller, params.namespace), path: parseEntityPath(params.path.map(decodeSegment)) };
}

export const GET = restRoute<Params>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, url, context }) => {
    const { namespace, path } = sharedAction(caller, params);
    const code = url.searchParams.get('code') !== 'false';
    return Response.json(await getReadableAction(context.deps.db, caller, namespace, path, { code }));
  },
});

export const PUT = restRoute<Params>({
  // Code may be 48 MB; JSON escaping and the other fields need some room.
  maxBodyBytes: MAX_CODE_BYTES + 2 * MB,
  handler: async ({ caller, params, url, body, context }) => {
    const path = ownAction(caller, params);
    const action = await putAction(context.deps.db, caller, path, body, { overwrite: queryFlag(url, 'overwrite') });
    await noteActionsChanged(context.deps);
    return Response.json(action);
  },
});

export const DELETE = restRoute<Params>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, context }) => {
    const path = ownAction(caller, params);
    const deleted = await deleteAction(context.deps.db, caller, path);
    await noteActionsChanged(context.deps);
    return Response.json(deleted);
  },
});

export const POST = restRoute<Params>({
  maxBodyBytes: MAX_PARAMETERS_BYTES,
  handler: async ({ headers: requestHeaders, caller, params, url, body, context, receivedAt }) => {
    const { namespace, path } = sharedAction(caller, params);
    const blocking = queryFlag(url, 'blocking');
    const waitParam = Number(url.searchParams.get('timeout'));
    const outcome = await invokeAction(context.deps, context.waiter, {
      caller,
      namespace,
      path,
      params: body ?? {},
      blocking,
      ...(Number.isFinite(waitParam) && waitParam > 0 ? { waitMs: waitParam } : {}),
      ...(requestHeaders.has(TRACE_HEADER) ? { trace: true } : {}),
    });
    const headers: Record<string, string> = { 'x-openwhisk-activation-id': outcome.activationId };
    // Stage timestamps for the benchmark's profile (`npm run bench`), when asked for.
    if (outcome.state === 'completed' && outcome.trace) headers[TRACE_HEADER] = JSON.stringify({ received: receivedAt, ...outcome.trace });
    if (outcome.state === 'accepted') {
      return Response.json({ activationId: outcome.activationId }, { status: 202, headers });
    }
    const payload = queryFlag(url, 'result') ? outcome.record.response.result ?? {} : outcome.record;
    return Response.json(payload, { status: statusForRecord(outcome.record), headers });
  },
});

/** OpenWhisk's answer to a finished blocking invoke: 200, 502 for action errors, 500 for ours. */
function statusForRecord(record: ActivationRecord): number {
  if (record.response.statusCode === 0) return 200;
  if (record.response.statusCode === 3) return 500;
  return 502;
}
