// JSON from requests, with its nesting bounded. JSON.parse takes thousands of
// levels, but what comes after (zod, JSON.stringify, Postgres jsonb, the
// action's runtime) recurses and overflows its stack: a body nested 5,000
// deep would be our 500 instead of the caller's 400.
import { badRequest } from './errors.ts';

/** The deepest nesting of arrays and objects a request's JSON may have. */
export const MAX_JSON_DEPTH = 100;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of `text` read as JSON (strings skipped), or past `limit` as soon as it is known to be. */
export function jsonTextDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth--;
  }
  return deepest;
}

/** The deepest nesting of arrays and objects in a parsed value, counted without recursion; stops once past `limit`. */
export function jsonValueDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return deepest;
}

/**
 * Parses request JSON; malformed text, or nesting deeper than
 * MAX_JSON_DEPTH, is a 400 saying so. `what` names the input in the message.
 */
export function parseJsonInput(text: string, what = 'The request content'): unknown {
  if (jsonTextDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw badRequest(`${what} is nested more than ${MAX_JSON_DEPTH} levels deep (arrays and objects); flatten it.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`${what} was malformed: ${(error as Error).message}`);
  }
}

// An unpaired UTF-16 surrogate: JSON may carry one (`"\ud800"`), no UTF-8 text can.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a JSON value cannot be stored as Postgres jsonb or text, or undefined
 * when it can: a string (or key) holding NUL or an unpaired surrogate.
 * Iterative, so any depth is safe.
 */
export function unstorableJson(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    const strings = typeof next === 'string' ? [next] : typeof next === 'object' && next !== null ? Object.keys(next) : [];
    for (const text of strings) {
      if (text.includes('\0')) return 'holds a NUL character (\\u0000), which cannot be stored';
      if (LONE_SURROGATE.test(text)) return 'holds an unpaired UTF-16 surrogate (e.g. \\ud800), which is not text and cannot be stored';
    }
    if (typeof next === 'object' && next !== null) pending.push(...Object.values(next));
  }
  return undefined;
}
