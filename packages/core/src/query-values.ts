// Query parameters as the REST API reads them: numbers written as digits and
// within the range their use allows, times that are dates, no NUL. Anything
// else is the caller's 400, never a value that fails later in Postgres.
import { badRequest } from './errors.ts';

/** The largest time a JavaScript Date holds, in epoch milliseconds (±100,000,000 days). */
export const MAX_EPOCH_MS = 8.64e15;

/** The largest count or offset a query may ask for (Postgres integers). */
export const MAX_QUERY_INTEGER = 2_147_483_647;

/** A whole number written in decimal digits, at most `max`; `fallback` when absent or empty. */
export function queryWholeNumber(text: string | null, name: string, fallback: number, max = MAX_QUERY_INTEGER): number {
  if (text === null || text === '') return fallback;
  if (!/^\d{1,16}$/.test(text)) throw badRequest(`The query parameter ${name} must be a whole number, not "${clip(text)}".`);
  const value = Number(text);
  if (value > max) throw badRequest(`The query parameter ${name} must be at most ${max}, not ${clip(text)}.`);
  return value;
}

/** A time in epoch milliseconds that is a valid date; undefined when absent or empty. */
export function queryEpochMillis(text: string | null, name: string): number | undefined {
  if (text === null || text === '') return undefined;
  if (!/^\d{1,16}$/.test(text) || Number(text) > MAX_EPOCH_MS) {
    throw badRequest(`The query parameter ${name} must be a time in epoch milliseconds (0 to ${MAX_EPOCH_MS}), not "${clip(text)}".`);
  }
  return Number(text);
}

/** The Date of a time filter (`since`, `upto`), refusing one outside the range of dates with 400. */
export function filterDate(value: number, name: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badRequest(`The ${name} time must be between 0 and ${MAX_EPOCH_MS} epoch milliseconds, not ${value}.`);
  return date;
}

/** `text`, refusing NUL in it with 400 (Postgres text cannot hold it). */
export function assertNoNul(text: string, what: string): string {
  if (text.includes('\0')) throw badRequest(`${what} holds a NUL character (\\u0000).`);
  return text;
}

/** Refuses a query whose names or values hold NUL (Postgres cannot compare text with it). */
export function assertNoNulInQuery(query: URLSearchParams): void {
  for (const [name, value] of query) {
    if (name.includes('\0') || value.includes('\0')) throw badRequest(`The query parameter ${clip(name.replaceAll('\0', '\\0'))} holds a NUL character (%00).`);
  }
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
