// An action's result, served the way the URL's extension asks:
// .json the result as JSON; .html / .svg / .text the result's `body` (or
// `html` / `svg` / `text`) as that type; .http the result read as an HTTP
// response {statusCode, headers, body}.
import { isBase64, isJsonFamily, isTextual, parseMediaType } from './media-types.ts';
import type { WebExtension } from './web-path.ts';
import { content, problem, type HeaderList, type WebResponse } from './web-response.ts';

/** Serves `value` (a result, or an application error's `error`) as `extension` asks. */
export function resultResponse(value: unknown, extension: WebExtension): WebResponse {
  switch (extension) {
    case 'json':
      return typeof value === 'object' && value !== null
        ? content(200, [['Content-Type', 'application/json']], JSON.stringify(value))
        : notServable('.json needs the result to be a JSON object or array');
    case 'html':
      return markup(value, 'html', 'text/html; charset=utf-8');
    case 'svg':
      return markup(value, 'svg', 'image/svg+xml');
    case 'text':
      return text(value);
    case 'http':
      return httpResult(value);
  }
}

/** `body`, else `field`, of an object result; any other result as it is. */
function pick(value: unknown, field: string): { found: boolean; value: unknown } {
  if (!isPlainObject(value)) return { found: true, value };
  if ('body' in value) return { found: true, value: value.body };
  if (field in value) return { found: true, value: value[field] };
  return { found: false, value: undefined };
}

function markup(value: unknown, field: string, contentType: string): WebResponse {
  const picked = pick(value, field);
  if (typeof picked.value !== 'string') {
    return notServable(`.${field} needs the result's body (or ${field}) to be a string`);
  }
  return content(200, [['Content-Type', contentType]], picked.value);
}

function text(value: unknown): WebResponse {
  const picked = pick(value, 'text');
  if (!picked.found) return problem(404, "The action's result has neither a body nor a text property.");
  const v = picked.value;
  const body = typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v, null, 2) : String(v ?? null);
  return content(200, [['Content-Type', 'text/plain; charset=utf-8']], body);
}

// Framing headers are the server's to set; an action's own would corrupt the response.
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer']);
// The origin is shared by every namespace and the console: no action may set
// cookies on it or open it to credentialed cross-origin reads.
const WITHHELD_HEADERS = new Set(['set-cookie', 'access-control-allow-credentials']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;

class NotServable extends Error {}

/** An .http result: {statusCode?, headers?, body?}. */
function httpResult(value: unknown): WebResponse {
  if (!isPlainObject(value)) return notServable('.http needs the result to be an object with statusCode, headers and body');
  try {
    const headers = httpHeaders(value.headers);
    const status = statusCode(value.statusCode);
    const body = value.body;
    if (body === undefined || body === null || body === '') {
      // Nothing to type: any Content-Type the action named is dropped.
      return content(status ?? 204, withoutContentType(headers), null);
    }
    const typeHeader = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    const others = withoutContentType(headers);
    if (typeof body !== 'string') return jsonBody(status ?? 200, others, typeHeader, body);
    return stringBody(status ?? 200, others, typeHeader, body);
  } catch (error) {
    if (error instanceof NotServable) return notServable(error.message);
    throw error;
  }
}

function httpHeaders(raw: unknown): HeaderList {
  if (raw === undefined || raw === null) return [];
  if (!isPlainObject(raw)) throw new NotServable('headers must be an object');
  const list: HeaderList = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!HEADER_NAME.test(name)) throw new NotServable(`"${name}" is not a header name`);
    const key = name.toLowerCase();
    if (FRAMING_HEADERS.has(key) || WITHHELD_HEADERS.has(key)) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
        throw new NotServable(`the header ${name} must be a string, number, boolean or a list of those`);
      }
      const text = String(item);
      if (!HEADER_VALUE.test(text)) throw new NotServable(`the header ${name} contains a line break`);
      list.push([name, text]);
    }
  }
  return list;
}

function statusCode(raw: unknown): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const code = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{3}$/.test(raw.trim()) ? Number(raw) : NaN;
  // 1xx are not final answers; fetch's Response refuses them too.
  if (!Number.isInteger(code) || code < 200 || code > 599) throw new NotServable(`statusCode ${JSON.stringify(raw)} is not an HTTP status from 200 to 599`);
  return code;
}

/** A JSON value body is served as JSON, under the action's JSON-family type if it named one. */
function jsonBody(status: number, headers: HeaderList, typeHeader: string | undefined, body: unknown): WebResponse {
  const media = typeHeader === undefined ? undefined : parseMediaType(typeHeader);
  if (typeHeader !== undefined && (!media || !isJsonFamily(media))) {
    throw new NotServable(`a body that is a JSON ${Array.isArray(body) ? 'array' : typeof body} needs a JSON Content-Type, not ${typeHeader}`);
  }
  const contentType = media && media.essence !== 'application/json' ? typeHeader! : 'application/json';
  return content(status, [...headers, ['Content-Type', contentType]], JSON.stringify(body));
}

/**
 * A string body: text types are served as the string (default text/html);
 * byte types are base64-decoded. A JSON-family body that is valid base64 is
 * decoded too, for actions written before JSON bodies could be plain values.
 */
function stringBody(status: number, headers: HeaderList, typeHeader: string | undefined, body: string): WebResponse {
  const contentType = typeHeader ?? 'text/html; charset=utf-8';
  const media = parseMediaType(contentType);
  if (!media) throw new NotServable(`the Content-Type ${JSON.stringify(typeHeader)} is not a media type`);
  const typed: HeaderList = [...headers, ['Content-Type', contentType]];
  if (isTextual(media)) {
    if (isJsonFamily(media) && isBase64(body)) return content(status, typed, Buffer.from(body.trim(), 'base64'));
    const withCharset: HeaderList = media.hasCharset ? typed : [...headers, ['Content-Type', `${contentType}; charset=utf-8`]];
    return content(status, withCharset, body);
  }
  if (!isBase64(body)) throw new NotServable(`a ${media.essence} body must be base64`);
  return content(status, typed, Buffer.from(body.trim(), 'base64'));
}

function withoutContentType(headers: HeaderList): HeaderList {
  return headers.filter(([name]) => name.toLowerCase() !== 'content-type');
}

/** A result that does not fit the extension: the action's fault, told to the caller as OpenWhisk does (400). */
function notServable(why: string): WebResponse {
  return problem(400, `The action's result cannot be served: ${why}.`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
