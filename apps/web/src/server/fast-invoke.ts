// The warm path past Next.js: the custom server (../../server.ts) runs the
// invoke route's own spec — same auth, limits, validation, handler and
// answers — on Node's request, without Next's per-request routing, tracing
// and web-stream plumbing.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { POST } from '../../app/api/v1/namespaces/[namespace]/actions/[...path]/route';
import { parseJsonBody } from './rest/body';
import { routeSpec, runRoute, type IncomingCall } from './rest/route';

const INVOKE_PATH = /^\/api\/v1\/namespaces\/([^/?#]+)\/actions\/([^?#]+)/;
const spec = routeSpec(POST)!;

export interface InvokeParams {
  namespace: string;
  path: string[];
}

/** The route parameters when `request` is an invocation, decoded as Next decodes them. */
export function matchInvoke(request: IncomingMessage): InvokeParams | undefined {
  if (request.method !== 'POST' || !request.url) return undefined;
  const match = INVOKE_PATH.exec(request.url);
  if (!match) return undefined;
  return { namespace: decode(match[1]!), path: match[2]!.split('/').filter(Boolean).map(decode) };
}

export async function serveInvoke(request: IncomingMessage, response: ServerResponse, params: InvokeParams): Promise<void> {
  try {
    const bytes = await readBody(request, spec.maxBodyBytes + 1);
    const url = new URL(request.url!, `http://${request.headers.host ?? 'localhost'}`);
    const call: IncomingCall = {
      headers: new NodeHeaders(request.headers),
      url,
      readBody: async (maxBytes) => parseJsonBody(bytes, maxBytes, request.headers['content-length']),
      request: () => webRequest(request, url, bytes),
    };
    const answer = await runRoute(spec, call, params);
    const payload = Buffer.from(await answer.arrayBuffer());
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => (headers[name] = value));
    headers['content-length'] = String(payload.length);
    response.writeHead(answer.status, headers);
    response.end(payload);
  } catch (error) {
    console.error('web: invoke fast path failed', error);
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'The server encountered an internal error; the request was not completed.' }));
  }
}

/** Node's headers behind the two methods routes use. */
class NodeHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}

function webRequest(request: IncomingMessage, url: URL, bytes: Buffer): Request {
  const headers = new Headers();
  for (let i = 0; i < request.rawHeaders.length; i += 2) headers.append(request.rawHeaders[i]!, request.rawHeaders[i + 1]!);
  return new Request(url, { method: 'POST', headers, ...(bytes.length ? { body: new Uint8Array(bytes) } : {}) });
}

/** Reads at most `limit` bytes and drains the rest; the route's size check answers 413. */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    if (length >= limit) continue;
    chunks.push(chunk);
    length += chunk.length;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
