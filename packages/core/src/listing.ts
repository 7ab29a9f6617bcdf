import { badRequest } from './errors.ts';
import { queryWholeNumber } from './query-values.ts';

/** OpenWhisk's list paging: `limit` 0..200 (0 means the default), `skip` >= 0. */
export interface ListOptions {
  limit: number;
  skip: number;
}

export const DEFAULT_LIST_LIMIT = 30;
export const MAX_LIST_LIMIT = 200;

/** Reads `limit` and `skip` from a query string, refusing bad values with 400. */
export function parseListOptions(query: URLSearchParams): ListOptions {
  const limit = queryWholeNumber(query.get('limit'), 'limit', DEFAULT_LIST_LIMIT);
  if (limit > MAX_LIST_LIMIT) throw badRequest(`The query parameter limit must be at most ${MAX_LIST_LIMIT}, not ${limit}.`);
  return { limit: limit === 0 ? DEFAULT_LIST_LIMIT : limit, skip: queryWholeNumber(query.get('skip'), 'skip', 0) };
}
