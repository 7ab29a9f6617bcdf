// Rules: list, read, create or update (overwrite), delete, and enable or
// disable (POST {"status": "active" | "inactive"}).
import { countRules, deleteRule, getRule, listRules, MAX_PARAMETERS_BYTES, MB, parseListOptions, putRule, setRuleStatus } from '@brisk/core';
import { keyRoute, queryFlag } from '../api-route';
import { LIST_QUERY } from '../query-docs';

const ITEM = '/namespaces/{namespace}/rules/{rule}';

export const ruleRoutes = [
  keyRoute({
    method: 'GET',
    path: '/namespaces/{namespace}/rules',
    summary: 'List rules',
    tag: 'Rules',
    scope: 'own',
    query: LIST_QUERY,
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, url, context }) => {
      if (queryFlag(url, 'count')) return Response.json({ rules: await countRules(context.deps.db, caller) });
      return Response.json(await listRules(context.deps.db, caller, parseListOptions(url.searchParams)));
    },
  }),
  keyRoute({
    method: 'GET',
    path: ITEM,
    summary: 'Get a rule',
    tag: 'Rules',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => Response.json(await getRule(context.deps.db, caller, params.rule)),
  }),
  keyRoute({
    method: 'PUT',
    path: ITEM,
    summary: 'Create or update a rule',
    tag: 'Rules',
    scope: 'own',
    query: ['overwrite'],
    body: 'Rule',
    maxBodyBytes: MAX_PARAMETERS_BYTES + MB,
    ok: [200],
    handler: async ({ caller, params, url, body, context }) =>
      Response.json(await putRule(context.deps.db, caller, params.rule, body, { overwrite: queryFlag(url, 'overwrite') })),
  }),
  keyRoute({
    method: 'POST',
    path: ITEM,
    summary: 'Enable or disable a rule',
    tag: 'Rules',
    scope: 'own',
    body: 'RuleStatus',
    maxBodyBytes: 64 * 1024,
    ok: [200],
    handler: async ({ caller, params, body, context }) => Response.json(await setRuleStatus(context.deps.db, caller, params.rule, body)),
  }),
  keyRoute({
    method: 'DELETE',
    path: ITEM,
    summary: 'Delete a rule',
    tag: 'Rules',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => Response.json(await deleteRule(context.deps.db, caller, params.rule)),
  }),
];
