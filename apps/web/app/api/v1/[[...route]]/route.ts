// The OpenWhisk REST API when Next receives it. apps/web/server.ts serves
// /api/v1 itself, before Next; this catch-all keeps the API whole (JSON
// errors, not the console's 404 page) wherever Next is the server. The routes
// are declared in src/server/rest/routes.
import { readRequestBody } from '@/server/rest/body';
import { serveApi } from '@/server/rest/serve-api';

export const dynamic = 'force-dynamic';

function handle(request: Request): Promise<Response> {
  return serveApi({
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    readBody: (maxBytes) => readRequestBody(request, maxBytes),
  });
}

export { handle as DELETE, handle as GET, handle as HEAD, handle as OPTIONS, handle as PATCH, handle as POST, handle as PUT };
