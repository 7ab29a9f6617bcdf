// The web app's HTTP server: Next.js serves the console (pages and tRPC);
// the OpenWhisk API under /api/v1 is served from its route table before Next
// (src/server/rest/node-server.ts): Next's per-request machinery costs more
// than the rest of a warm invocation.
//
//   node --import tsx server.ts [--port 3000] [--hostname 127.0.0.1]
//
// Runs the production build (`next build`), like `next start`.
import http from 'node:http';
import { parseArgs } from 'node:util';

const started = performance.now();
const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOST ?? '127.0.0.1';
(process.env as Record<string, string>).NODE_ENV = 'production';

const { default: next } = await import('next');
const { answerClientError, isApiRequest, isMetricsRequest, serveApiOnNode, serveMetricsOnNode, timeConsoleRequest } = await import(
  './src/server/rest/node-server.ts'
);
const { startWebMetricsPublisher } = await import('./src/server/metrics/web-metrics-publisher.ts');
const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((request, response) => {
  if (isApiRequest(request)) void serveApiOnNode(request, response);
  else if (isMetricsRequest(request)) void serveMetricsOnNode(request, response);
  else {
    timeConsoleRequest(request, response);
    void handle(request, response);
  }
});
server.keepAliveTimeout = 65_000;
// A port in use (or not ours to take) is said plainly, and is a failure.
server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(`web: cannot listen on ${hostname}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`);
  process.exit(1);
});
server.on('clientError', answerClientError);
// This replica's HTTP latency reaches the /metrics of every replica.
const metricsPublisher = startWebMetricsPublisher();
server.listen(port, hostname, () => {
  console.log(`▲ Brisk web on http://${hostname}:${port}`);
  console.log(`✓ Ready in ${Math.round(performance.now() - started)}ms`);
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Its snapshot leaves Redis with it, so other replicas stop serving its series at once.
    const withdrawn = metricsPublisher.stop();
    server.close(() => void withdrawn.finally(() => process.exit(0)));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
