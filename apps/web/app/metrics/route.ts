// GET /metrics when Next receives it (`next dev`); apps/web/server.ts serves
// it itself, before Next, and only there is HTTP latency recorded.
import { serveMetrics } from '@/server/metrics/serve-metrics';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const answer = await serveMetrics(request.headers.get('authorization'));
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
