// What browsers may do with web action answers. Web actions are public: any
// origin may call them and read the answer, but never with the caller's
// credentials — Brisk never sends Access-Control-Allow-Credentials, so a
// browser attaches no cookies or HTTP auth to cross-origin calls and cannot
// read answers to ones that had them.
import type { HeaderList } from './web-response.ts';

/**
 * Every answer runs, when a browser renders it, in a sandbox with an opaque
 * origin: web actions share Brisk's origin with every other namespace and
 * with the console, and a tenant's page must not read the console's cookies
 * or storage, nor call the console's API with the visitor's session. Scripts,
 * forms, popups and downloads still work; cookies and web storage do not.
 * Always added, never merged: an action's own CSP can only narrow it further.
 */
export const SANDBOX_HEADER: [string, string] = [
  'Content-Security-Policy',
  'sandbox allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads',
];

const ALLOW_METHODS = 'OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH';
const DEFAULT_ALLOW_HEADERS = 'Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent';

/**
 * The CORS headers Brisk adds to every answer of a web action that does not
 * handle OPTIONS itself, as OpenWhisk does: any origin, every method, and the
 * headers the preflight asked for (or a default list).
 */
export function defaultCorsHeaders(requestedHeaders: string | undefined): HeaderList {
  return [
    ['Access-Control-Allow-Origin', '*'],
    ['Access-Control-Allow-Methods', ALLOW_METHODS],
    ['Access-Control-Allow-Headers', requestedHeaders?.trim() ? requestedHeaders : DEFAULT_ALLOW_HEADERS],
  ];
}
