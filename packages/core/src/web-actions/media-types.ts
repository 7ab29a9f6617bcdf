// Which content types carry text and which carry bytes. Text travels to and
// from actions as a string; bytes as base64. The split follows the one
// OpenWhisk inherits from Akka HTTP: text/*, the JSON family and a few
// application types are text; images (SVG included), audio, video and other
// application types are bytes, unless the type names a charset.

export interface MediaType {
  /** "type/subtype", lowercased, without parameters. */
  essence: string;
  hasCharset: boolean;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses a Content-Type value; undefined when it is not `type/subtype[; params]`. */
export function parseMediaType(value: string | null | undefined): MediaType | undefined {
  if (!value) return undefined;
  const [head = '', ...params] = value.split(';');
  const essence = head.trim().toLowerCase();
  const [type, subtype, extra] = essence.split('/');
  if (!type || !subtype || extra !== undefined || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const hasCharset = params.some((param) => param.trim().toLowerCase().startsWith('charset='));
  return { essence, hasCharset };
}

/** application/json and any `+json` type. */
export function isJsonFamily(media: MediaType): boolean {
  return media.essence === 'application/json' || media.essence.endsWith('+json');
}

const TEXTUAL_APPLICATION_TYPES = new Set(['application/javascript', 'application/ecmascript', 'application/xml', 'application/x-www-form-urlencoded']);

/** True when content of this type is text (sent as a string), false when it is bytes (base64). */
export function isTextual(media: MediaType): boolean {
  if (media.essence.startsWith('text/')) return true;
  if (isJsonFamily(media)) return true;
  if (TEXTUAL_APPLICATION_TYPES.has(media.essence)) return true;
  if (media.essence.startsWith('application/') && media.essence.endsWith('+xml')) return true;
  if (media.essence.startsWith('multipart/')) return false;
  return media.hasCharset;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True when `text` is well-formed, padded base64 (whitespace around it ignored). */
export function isBase64(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && BASE64.test(trimmed);
}
