// An HTTP request to a web action, turned into the action's parameters.
import { badRequest } from '../errors.ts';
import { parseJsonInput } from '../json-input.ts';
import { isJsonFamily, isTextual, parseMediaType } from './media-types.ts';

/** The parts of the HTTP request a web action sees. */
export interface WebRequest {
  /** The HTTP method, any case. */
  method: string;
  /** Request headers, names lowercased, as the action will see them. */
  headers: Record<string, string>;
  /** The raw query string, without the `?`. */
  query: string;
  /** The raw body; empty when there is none. */
  body: Buffer;
  /** The path after the action segment (`__ow_path`). */
  owPath: string;
}

/** Parameters a request may never set: they describe the request itself. */
export const RESERVED_WEB_PARAMETERS = ['__ow_method', '__ow_headers', '__ow_path', '__ow_user', '__ow_query', '__ow_body'] as const;

export interface ParamsOptions {
  /** raw-http: pass `__ow_query` and `__ow_body` instead of merging query and body. */
  raw: boolean;
  /** Parameters the action fixes (`final`); the request may not set them. */
  finalKeys: ReadonlySet<string>;
  /** The authenticated namespace, when the action required an API key (`__ow_user`). */
  user?: string;
}

/**
 * Builds the invocation parameters of a web action: the request context
 * (`__ow_method`, `__ow_headers`, `__ow_path`), then query parameters, then
 * body parameters (a JSON object or a form), later ones winning. A body that
 * is neither arrives whole as `__ow_body`: a string when it is text, base64
 * when it is bytes. With `raw`, the query arrives unparsed as `__ow_query` and
 * the body always as `__ow_body` (JSON as base64, as OpenWhisk does).
 *
 * A request that tries to set a reserved `__ow_` parameter or a final one is
 * refused with 400, as OpenWhisk refuses it, rather than silently ignored: a
 * caller whose value would be dropped should hear about it.
 */
export function webActionParams(request: WebRequest, options: ParamsOptions): Record<string, unknown> {
  const context: Record<string, unknown> = {
    __ow_method: request.method.toLowerCase(),
    __ow_headers: request.headers,
    __ow_path: request.owPath,
    ...(options.user !== undefined ? { __ow_user: options.user } : {}),
  };
  const media = parseMediaType(request.headers['content-type']);

  if (options.raw) {
    return { ...context, __ow_query: request.query, __ow_body: request.body.length > 0 ? opaqueBody(request.body, media, true) : '' };
  }

  const query = Object.fromEntries(new URLSearchParams(request.query));
  const body = parsedBody(request.body, media);
  const bodyFields = isPlainObject(body) ? body : body === undefined ? {} : { __ow_body: body };
  const requested = [...Object.keys(query), ...(isPlainObject(body) ? Object.keys(body) : [])];
  const refused = requested.filter((key) => (RESERVED_WEB_PARAMETERS as readonly string[]).includes(key) || options.finalKeys.has(key));
  if (refused.length > 0) {
    throw badRequest(
      `The request sets parameters it may not: ${[...new Set(refused)].join(', ')} ` +
        `(the __ow_ parameters are reserved, and the action's final parameters cannot be overridden).`,
    );
  }
  return { ...context, ...query, ...bodyFields };
}

/** The body as parameters: a JSON value, form fields, a string, base64, or undefined when empty. */
function parsedBody(body: Buffer, media: ReturnType<typeof parseMediaType>): unknown {
  if (body.length === 0) return undefined;
  if (media && isJsonFamily(media)) {
    const text = body.toString('utf8');
    if (text.trim() === '') return undefined;
    return parseJsonInput(text);
  }
  if (media?.essence === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  return opaqueBody(body, media, false);
}

/** A body the action receives whole: text as a string, bytes as base64. A body without a type is bytes. */
function opaqueBody(body: Buffer, media: ReturnType<typeof parseMediaType>, jsonAsBytes: boolean): string {
  const textual = media !== undefined && isTextual(media) && !(jsonAsBytes && isJsonFamily(media));
  return textual ? body.toString('utf8') : body.toString('base64');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The request headers an action sees: every header, names lowercased, except
 * - Cookie: no action can set cookies on Brisk's origin (see result-response),
 *   so any cookie a browser sends there is Brisk's own (the console's), and
 *   no tenant's action may read it;
 * - Authorization, when Brisk consumed it to check an API key for
 *   `require-whisk-auth: true`: the caller's key is not the action owner's
 *   business; `__ow_user` says who called.
 */
export function forwardedHeaders(headers: Iterable<[string, string]>, options: { dropAuthorization: boolean }): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (key === 'cookie' || (options.dropAuthorization && key === 'authorization')) continue;
    forwarded[key] = value;
  }
  return forwarded;
}
