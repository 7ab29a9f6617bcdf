// A recording HTTP server on 127.0.0.1 standing in for GitHub's REST API
// (commit statuses, check runs, deployments) in tests: Brisk is pointed at it
// instead of api.github.com, it records every request and answers what the
// test configures, so tests assert what Brisk sent and no request leaves the
// host.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as requested (`/repos/acme/app/statuses/abc?x=1`). */
  path: string;
  pathname: string;
  query: Record<string, string>;
  /** Lower-case names, as node gives them. */
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  body: any;
}

export interface RecordedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Chooses the answer to a request; undefined falls back to the default (201 with a JSON echo). */
export type Responder = (request: RecordedRequest) => RecordedResponse | undefined;

export interface RecordingServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** Changes how later requests are answered. */
  respondWith(responder: Responder | RecordedResponse): void;
  /** The first request (already received or yet to come) matching `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const echo = (request: RecordedRequest): RecordedResponse => ({
  status: 201,
  body: { method: request.method, path: request.path, body: request.body ?? null },
});

/** Starts a recording server on 127.0.0.1 at an ephemeral port. */
export async function startRecordingServer(options: { respond?: Responder | RecordedResponse } = {}): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const listeners = new Set<() => void>();
  let responder: Responder = () => undefined;
  const respondWith = (choice: Responder | RecordedResponse) => {
    responder = typeof choice === 'function' ? choice : () => choice;
  };
  if (options.respond) respondWith(options.respond);

  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString();
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      pathname: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      rawBody,
      body,
    };
    requests.push(recorded);
    for (const listener of listeners) listener();
    let answer: RecordedResponse;
    try {
      answer = responder(recorded) ?? echo(recorded);
    } catch (error) {
      answer = { status: 500, body: { message: `the test's responder threw: ${(error as Error).message}` } };
    }
    const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    respondWith,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = requests.find(predicate);
          if (!found) return;
          finish();
          resolve(found);
        };
        const timer = setTimeout(() => {
          finish();
          const seen = requests.map((request) => `${request.method} ${request.path}`).join(', ') || 'none';
          reject(new Error(`No matching request within ${timeoutMs} ms; received: ${seen}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
