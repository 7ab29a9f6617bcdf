// Namespaces: the ones a key may use (its own) and their limits.
import { namespaceLimits, namespaceLimitsDocument } from '@brisk/core';
import { keyRoute } from '../api-route';

export const namespaceRoutes = [
  keyRoute({
    method: 'GET',
    path: '/namespaces',
    summary: 'Namespaces the key may use',
    tag: 'Namespaces',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller }) => Response.json([caller.namespace]),
  }),
  keyRoute({
    method: 'GET',
    path: '/namespaces/{namespace}/limits',
    summary: "The namespace's limits",
    tag: 'Namespaces',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, context }) => Response.json(namespaceLimitsDocument(await namespaceLimits(context.deps.db, caller.namespaceId))),
  }),
];
