// How getApi and deleteApi name an API: `basepath` is a base path when it
// starts with "/", else the API's name (as OpenWhisk's apimgmt reads it).
import type { Prisma } from '@brisk/db';
import { normalizeBasePath } from './route-paths.ts';

/** The routes of the API `basepath` names, in the caller's namespace. */
export function apiWhere(namespaceId: string, basepath: string | null): Prisma.ApiRouteWhereInput {
  if (basepath === null || basepath === '') return { namespaceId };
  return basepath.startsWith('/') ? { namespaceId, basePath: normalizeBasePath(basepath) } : { namespaceId, apiName: basepath };
}
