// Triggers: list, read, create or update (overwrite), delete, and fire
// (POST with the event payload).
import {
  countTriggers,
  deleteTriggerWithAlarm,
  fireTrigger,
  getTrigger,
  listTriggers,
  MAX_PARAMETERS_BYTES,
  MB,
  parseListOptions,
  putTrigger,
} from '@brisk/core';
import { keyRoute, queryFlag } from '../api-route';
import { LIST_QUERY } from '../query-docs';

const ITEM = '/namespaces/{namespace}/triggers/{trigger}';

export const triggerRoutes = [
  keyRoute({
    method: 'GET',
    path: '/namespaces/{namespace}/triggers',
    summary: 'List triggers',
    tag: 'Triggers',
    scope: 'own',
    query: LIST_QUERY,
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, url, context }) => {
      if (queryFlag(url, 'count')) return Response.json({ triggers: await countTriggers(context.deps.db, caller) });
      return Response.json(await listTriggers(context.deps.db, caller, parseListOptions(url.searchParams)));
    },
  }),
  keyRoute({
    method: 'GET',
    path: ITEM,
    summary: 'Get a trigger',
    tag: 'Triggers',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => Response.json(await getTrigger(context.deps.db, caller, params.trigger)),
  }),
  keyRoute({
    method: 'PUT',
    path: ITEM,
    summary: 'Create or update a trigger',
    tag: 'Triggers',
    scope: 'own',
    query: ['overwrite'],
    body: 'Trigger',
    // Parameters and annotations may each be 1 MB.
    maxBodyBytes: 2 * MAX_PARAMETERS_BYTES + MB,
    ok: [200],
    handler: async ({ caller, params, url, body, context }) =>
      Response.json(await putTrigger(context.deps.db, caller, params.trigger, body, { overwrite: queryFlag(url, 'overwrite') })),
  }),
  keyRoute({
    method: 'POST',
    path: ITEM,
    summary: 'Fire a trigger',
    tag: 'Triggers',
    scope: 'own',
    body: 'Parameters',
    maxBodyBytes: MAX_PARAMETERS_BYTES,
    ok: [202, 204],
    // 202 with the trigger activation's id, or 204 when no rule is active.
    handler: async ({ caller, params, body, context }) => {
      const outcome = await fireTrigger(context.deps, caller, params.trigger, body);
      if (!outcome.fired) return new Response(null, { status: 204 });
      const headers = { 'x-openwhisk-activation-id': outcome.activationId };
      return Response.json({ activationId: outcome.activationId }, { status: 202, headers });
    },
  }),
  keyRoute({
    method: 'DELETE',
    path: ITEM,
    summary: 'Delete a trigger',
    tag: 'Triggers',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => Response.json(await deleteTriggerWithAlarm(context.deps, caller, params.trigger)),
  }),
];
