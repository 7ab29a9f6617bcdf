// What a web action request is answered with, before it becomes an HTTP
// response. Core stays free of HTTP types; the web app renders these.

export type HeaderList = [name: string, value: string][];

/**
 * `content`: served as is (the action's own answer, or an empty preflight).
 * `problem`: an answer Brisk words itself, rendered in OpenWhisk's
 * `{error, code}` shape by the web app's one error mapping; `fields` are
 * added to that body.
 */
export type WebResponse =
  | { kind: 'content'; status: number; headers: HeaderList; body: Buffer | string | null }
  | { kind: 'problem'; status: number; message: string; headers: HeaderList; fields?: Record<string, unknown> };

export function content(status: number, headers: HeaderList, body: Buffer | string | null): WebResponse {
  return { kind: 'content', status, headers, body };
}

export function problem(status: number, message: string, fields?: Record<string, unknown>): WebResponse {
  return { kind: 'problem', status, message, headers: [], ...(fields ? { fields } : {}) };
}

/** Adds headers the response does not set itself (names compared case-insensitively). */
export function withDefaultHeaders(response: WebResponse, defaults: HeaderList): WebResponse {
  const present = new Set(response.headers.map(([name]) => name.toLowerCase()));
  const added = defaults.filter(([name]) => !present.has(name.toLowerCase()));
  return { ...response, headers: [...response.headers, ...added] };
}
