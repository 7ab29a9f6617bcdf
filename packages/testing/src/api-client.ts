// A small HTTP client for tests that must see raw status codes and bodies
// (the official `openwhisk` client hides some of them).

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly key?: string,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string | Buffer; query?: Record<string, string | boolean | number>; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const url = new URL(`/api/v1${path}`, this.baseUrl);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { ...options.headers };
    if (this.key) headers.authorization = `Basic ${Buffer.from(this.key).toString('base64')}`;
    let body: string | Buffer | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(url, { method, headers, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  putAction(name: string, action: unknown, overwrite = false) {
    return this.request('PUT', `/namespaces/_/actions/${name}`, { body: action, query: overwrite ? { overwrite: true } : {} });
  }

  invoke(name: string, params: unknown = {}, query: Record<string, string | boolean | number> = { blocking: true }) {
    return this.request('POST', `/namespaces/_/actions/${name}`, { body: params, query });
  }
}
