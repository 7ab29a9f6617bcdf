// A lean keep-alive HTTP client for the benchmark: node:http with one agent,
// so the client's own cost (it shares the machine) stays small.
import http from 'node:http';
import { RawHttpClient } from './raw-http.ts';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class BenchClient {
  private readonly agent: http.Agent;
  private readonly authorization: string;
  private readonly host: string;
  private readonly port: number;
  private readonly raw: RawHttpClient;

  constructor(
    readonly baseUrl: string,
    key: string,
    maxSockets = 256,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
    this.authorization = `Basic ${Buffer.from(key).toString('base64')}`;
    this.raw = new RawHttpClient(this.host, this.port, this.authorization);
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: this.host,
          port: this.port,
          agent: this.agent,
          method,
          path: `/api/v1${path}`,
          headers: {
            authorization: this.authorization,
            ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.setTimeout(120_000, () => request.destroy(new Error(`${method} ${path}: no answer within 120 s`)));
      request.on('error', reject);
      request.end(data);
    });
  }

  async json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await this.request(method, path, body);
    let parsed: unknown = response.text;
    try {
      parsed = response.text ? JSON.parse(response.text) : undefined;
    } catch {
      // keep the text
    }
    return { status: response.status, body: parsed as T };
  }

  putAction(name: string, action: unknown) {
    return this.json('PUT', `/namespaces/_/actions/${encodeURIComponent(name)}?overwrite=true`, action);
  }

  deleteAction(name: string) {
    return this.json('DELETE', `/namespaces/_/actions/${encodeURIComponent(name)}`);
  }

  /** POST an invocation; `query` like "blocking=true&result=true". The load generator's lean client. */
  invoke(name: string, query: string, params: unknown = {}, headers?: Record<string, string>): Promise<HttpResponse> {
    return this.raw.post(`/api/v1/namespaces/_/actions/${encodeURIComponent(name)}?${query}`, JSON.stringify(params), headers);
  }

  close(): void {
    this.agent.destroy();
    this.raw.close();
  }
}
