import { parseEntityPath, type EntityPath } from '@brisk/core';

/** "name" or "pkg/name" as the console sends it, checked the way the REST API checks URL paths. */
export function entityPath(path: string): EntityPath {
  return parseEntityPath(path.split('/'));
}
