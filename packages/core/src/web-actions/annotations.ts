// The annotations that make an action a web action and shape how it is served.
import type { KeyValue } from '../entity-schemas.ts';

/** How an action wants to be served on /api/v1/web, read from its annotations. */
export interface WebActionOptions {
  /** `web-export: true`: reachable at all. */
  exported: boolean;
  /** `raw-http: true`: gets `__ow_query`/`__ow_body` instead of merged query and body. */
  raw: boolean;
  /** `final: true`: its (and its package's) defined parameters cannot be set by the request. */
  final: boolean;
  /** `web-custom-options: true`: answers OPTIONS itself; Brisk adds no CORS headers. */
  customOptions: boolean;
  /**
   * `require-whisk-auth`: `true` wants a valid API key (basic auth); a string
   * or number wants that value in `X-Require-Whisk-Auth`; absent, `false` or
   * `null` wants nothing.
   */
  requireAuth: { kind: 'none' } | { kind: 'api-key' } | { kind: 'secret'; secret: string } | { kind: 'unusable' };
}

/** Reads the web action annotations. Only the JSON value `true` switches a flag on, as in OpenWhisk. */
export function webActionOptions(annotations: readonly KeyValue[]): WebActionOptions {
  const value = (key: string) => annotations.find((entry) => entry.key === key)?.value;
  return {
    exported: value('web-export') === true,
    raw: value('raw-http') === true,
    final: value('final') === true,
    customOptions: value('web-custom-options') === true,
    requireAuth: requireAuthOf(value('require-whisk-auth')),
  };
}

function requireAuthOf(value: unknown): WebActionOptions['requireAuth'] {
  if (value === undefined || value === null || value === false) return { kind: 'none' };
  if (value === true) return { kind: 'api-key' };
  if (typeof value === 'string' && value !== '') return { kind: 'secret', secret: value };
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'secret', secret: String(value) };
  // Anything else (an object, an empty string) cannot be satisfied: fail closed.
  return { kind: 'unusable' };
}
