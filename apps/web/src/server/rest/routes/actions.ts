// Actions: list, read (also in another namespace's published packages),
// create or update, delete, invoke.
import {
  countActions,
  deleteAction,
  getReadableAction,
  invokeAction,
  listActions,
  MAX_CODE_BYTES,
  MAX_PARAMETERS_BYTES,
  MB,
  noteActionsChanged,
  parseEntityPath,
  parseListOptions,
  putAction,
  type ActivationRecord,
} from '@brisk/core';
import { keyRoute, queryFlag } from '../api-route';
import { ifMatchVersions, versionTag } from '../entity-tags';
import { LIST_QUERY } from '../query-docs';

const ITEM = '/namespaces/{namespace}/actions/{action+}';
const FORMS = ['{action}', '{package}/{action}'];
const TRACE_HEADER = 'x-brisk-trace';

export const actionRoutes = [
  keyRoute({
    method: 'GET',
    path: '/namespaces/{namespace}/actions',
    summary: 'List actions',
    tag: 'Actions',
    scope: 'own',
    query: LIST_QUERY,
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, url, context }) => {
      if (queryFlag(url, 'count')) return Response.json({ actions: await countActions(context.deps.db, caller) });
      return Response.json(await listActions(context.deps.db, caller, parseListOptions(url.searchParams)));
    },
  }),
  keyRoute({
    method: 'GET',
    path: ITEM,
    forms: FORMS,
    summary: 'Get an action',
    tag: 'Actions',
    scope: 'shared',
    query: ['code'],
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, namespace, params, url, context }) => {
      const code = url.searchParams.get('code') !== 'false';
      const action = await getReadableAction(context.deps.db, caller, namespace, parseEntityPath(params.action), { code });
      return Response.json(action, { headers: { etag: versionTag(action.version) } });
    },
  }),
  keyRoute({
    method: 'PUT',
    path: ITEM,
    forms: FORMS,
    summary: 'Create or update an action',
    tag: 'Actions',
    scope: 'own',
    query: ['overwrite'],
    headers: ['if-match'],
    body: 'Action',
    // Code may be 48 MB; JSON escaping and the other fields need some room.
    maxBodyBytes: MAX_CODE_BYTES + 2 * MB,
    ok: [200],
    handler: async ({ caller, params, url, body, headers, context }) => {
      // If-Match (opt-in): save only over the version the client read, as its ETag said.
      const ifMatch = ifMatchVersions(headers.get('if-match'));
      const action = await putAction(context.deps.db, caller, parseEntityPath(params.action), body, {
        overwrite: queryFlag(url, 'overwrite') || ifMatch !== undefined,
        ...(ifMatch ? { ifMatch } : {}),
      });
      await noteActionsChanged(context.deps);
      return Response.json(action, { headers: { etag: versionTag(action.version) } });
    },
  }),
  keyRoute({
    method: 'DELETE',
    path: ITEM,
    forms: FORMS,
    summary: 'Delete an action',
    tag: 'Actions',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => {
      const deleted = await deleteAction(context.deps.db, caller, parseEntityPath(params.action));
      await noteActionsChanged(context.deps);
      return Response.json(deleted);
    },
  }),
  keyRoute({
    method: 'POST',
    path: ITEM,
    forms: FORMS,
    summary: 'Invoke an action',
    tag: 'Actions',
    scope: 'shared',
    query: ['blocking', 'result', 'timeout'],
    body: 'Parameters',
    maxBodyBytes: MAX_PARAMETERS_BYTES,
    ok: [200, 202, 500, 502],
    handler: async ({ headers: requestHeaders, caller, namespace, params, url, body, context, receivedAt }) => {
      const waitParam = Number(url.searchParams.get('timeout'));
      const outcome = await invokeAction(context.deps, context.waiter, {
        caller,
        namespace,
        path: parseEntityPath(params.action),
        params: body ?? {},
        blocking: queryFlag(url, 'blocking'),
        ...(Number.isFinite(waitParam) && waitParam > 0 ? { waitMs: waitParam } : {}),
        ...(requestHeaders.has(TRACE_HEADER) ? { trace: true } : {}),
      });
      const headers: Record<string, string> = { 'x-openwhisk-activation-id': outcome.activationId };
      // Stage timestamps for the benchmark's profile (`npm run bench`), when asked for.
      if (outcome.state === 'completed' && outcome.trace) headers[TRACE_HEADER] = JSON.stringify({ received: receivedAt, ...outcome.trace });
      if (outcome.state === 'accepted') return Response.json({ activationId: outcome.activationId }, { status: 202, headers });
      const payload = queryFlag(url, 'result') ? (outcome.record.response.result ?? {}) : outcome.record;
      return Response.json(payload, { status: statusForRecord(outcome.record), headers });
    },
  }),
];

/** OpenWhisk's answer to a finished blocking invoke: 200, 502 for action errors, 500 for ours. */
function statusForRecord(record: ActivationRecord): number {
  if (record.response.statusCode === 0) return 200;
  if (record.response.statusCode === 3) return 500;
  return 502;
}
