// The operator's API (OpenWhisk's wskadmin over HTTP): namespaces, their keys
// and limits, under /api/v1/admin, which no OpenWhisk route uses. Only the
// operator's token (BRISK_ADMIN_TOKEN, Bearer) gets in: serve-api.ts checks it
// before any handler runs. The same services as `npm run admin`.
import { createKey, createNamespace, deleteNamespace, getLimits, listKeys, listNamespaces, revokeKey, setLimits } from '@brisk/core';
import { adminDeps } from '../../context';
import { adminRoute } from '../api-route';

const TAG = 'Administration';

export const adminRoutes = [
  adminRoute({
    method: 'GET',
    path: '/admin/namespaces',
    summary: 'Every namespace, with its number of keys',
    tag: TAG,
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ context }) => Response.json(await listNamespaces(context.deps.db)),
  }),
  adminRoute({
    method: 'PUT',
    path: '/admin/namespaces/{name}',
    summary: 'Create a namespace and its first key (uuid:key, shown only now); 409 when it exists',
    tag: TAG,
    maxBodyBytes: 0,
    ok: [201],
    handler: async ({ params, context }) => Response.json(await createNamespace(context.deps.db, params.name), { status: 201 }),
  }),
  adminRoute({
    method: 'DELETE',
    path: '/admin/namespaces/{name}',
    summary: 'Delete a namespace and everything in it (not guest, not whisk.system)',
    tag: TAG,
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ params, context }) => Response.json(await deleteNamespace(adminDeps(context), params.name)),
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/namespaces/{name}/keys',
    summary: "A namespace's keys (uuids; secrets are not kept)",
    tag: TAG,
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ params, context }) => Response.json(await listKeys(context.deps.db, params.name)),
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/namespaces/{name}/keys',
    summary: 'Add a key to a namespace (uuid:key, shown only now)',
    tag: TAG,
    maxBodyBytes: 0,
    ok: [201],
    handler: async ({ params, context }) => Response.json(await createKey(context.deps.db, params.name), { status: 201 }),
  }),
  adminRoute({
    method: 'DELETE',
    path: '/admin/keys/{uuid}',
    summary: 'Revoke a key: every web replica refuses it at once (within 10 s at worst)',
    tag: TAG,
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ params, context }) => Response.json(await revokeKey(adminDeps(context), params.uuid)),
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/namespaces/{name}/limits',
    summary: "A namespace's limits: effective, its own (null: the platform's default) and the defaults",
    tag: TAG,
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ params, context }) => Response.json(await getLimits(context.deps.db, params.name)),
  }),
  adminRoute({
    method: 'PATCH',
    path: '/admin/namespaces/{name}/limits',
    summary: "Change some of a namespace's limits",
    tag: TAG,
    body: '{invocationsPerMinute?, concurrentInvocations?, firesPerMinute?, activationRetentionDays?}: a whole number sets one, null puts it back to the platform default',
    maxBodyBytes: 64 * 1024,
    ok: [200],
    handler: async ({ params, body, context }) => {
      const { notified: _, ...view } = await setLimits(adminDeps(context), params.name, body ?? {});
      return Response.json(view);
    },
  }),
];
