// GET /api/v1/namespaces — the namespaces this key may use: its own.
import { restRoute } from '@/server/rest/route';

export const GET = restRoute<Record<string, never>>({
  maxBodyBytes: 0,
  handler: async ({ caller }) => Response.json([caller.namespace]),
});
