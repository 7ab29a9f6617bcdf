// The URL of a web action: /api/v1/web/{namespace}/{package|default}/{action}[.ext][/more/path]
import { notFound } from '../errors.ts';
import { isValidEntityName, type EntityPath } from '../names.ts';

export const WEB_EXTENSIONS = ['http', 'json', 'html', 'svg', 'text'] as const;
export type WebExtension = (typeof WEB_EXTENSIONS)[number];

export interface WebActionTarget {
  namespace: string;
  path: EntityPath;
  extension: WebExtension;
  /** What follows the action segment, e.g. "/users/42", or "" (OpenWhisk's `__ow_path`). */
  owPath: string;
}

/**
 * Parses the part of the URL path after `/api/v1/web/`, as sent (still
 * percent-encoded). The action segment ends in a known extension or names the
 * action whole with `.http` assumed, as OpenWhisk does: `a.json` is action `a`
 * as JSON, `a.b` is action `a.b`. Anything malformed is the generic 404, the
 * same answer as for an action that does not exist.
 */
export function parseWebPath(rawPath: string): WebActionTarget {
  const segments = rawPath.replace(/^\/+/, '').split('/');
  if (segments.length < 3) throw notFound();
  const [rawNamespace, rawPackage, rawAction] = segments as [string, string, string];
  const namespace = decode(rawNamespace);
  const packageSegment = decode(rawPackage);
  const { name, extension } = splitExtension(decode(rawAction));
  const packageName = packageSegment === 'default' ? '' : packageSegment;

  if (!isValidEntityName(namespace) || !isValidEntityName(name)) throw notFound();
  if (packageName !== '' && !isValidEntityName(packageName)) throw notFound();

  const rest = segments.slice(3);
  return { namespace, path: { packageName, name }, extension, owPath: rest.length > 0 ? `/${rest.join('/')}` : '' };
}

function splitExtension(segment: string): { name: string; extension: WebExtension } {
  for (const extension of WEB_EXTENSIONS) {
    const suffix = `.${extension}`;
    if (segment.endsWith(suffix) && segment.length > suffix.length) {
      return { name: segment.slice(0, -suffix.length), extension };
    }
  }
  return { name: segment, extension: 'http' };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
