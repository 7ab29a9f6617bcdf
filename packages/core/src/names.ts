import { badRequest } from './errors.ts';
import { MAX_NAME_LENGTH } from './limits.ts';

// OpenWhisk's entity name rule: word characters, '@', '.', '-' and inner
// spaces; it may not start with a space or one of the special characters.
const ENTITY_NAME = /^(?:\w|\w[\w@ .-]*[\w@.-])$/;

/** True when `name` is a legal namespace, package or entity name. */
export function isValidEntityName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && ENTITY_NAME.test(name);
}

/** Throws a 400 that says which name is wrong and why. */
export function assertEntityName(name: string, what: string): void {
  if (name.length === 0) throw badRequest(`The ${what} name is empty.`);
  if (name.length > MAX_NAME_LENGTH) {
    throw badRequest(`The ${what} name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}.`);
  }
  if (!ENTITY_NAME.test(name)) {
    throw badRequest(
      `The ${what} name "${name}" is not valid: use letters, digits, '_', '@', '.', '-' and inner spaces, starting with a letter, digit or '_'.`,
    );
  }
}

/** An action's place inside a namespace: the default package ("") or a named one. */
export interface EntityPath {
  packageName: string;
  name: string;
}

/**
 * Parses the path segments after `/actions/`: `name` or `pkg/name`.
 * Segments arrive already URL-decoded.
 */
export function parseEntityPath(segments: readonly string[], what = 'action'): EntityPath {
  if (segments.length === 1) {
    const [name] = segments as [string];
    assertEntityName(name, what);
    return { packageName: '', name };
  }
  if (segments.length === 2) {
    const [packageName, name] = segments as [string, string];
    assertEntityName(packageName, 'package');
    assertEntityName(name, what);
    return { packageName, name };
  }
  throw badRequest(`The ${what} path "${segments.join('/')}" has too many parts: use name or package/name.`);
}

/** "pkg/name" or "name": how OpenWhisk writes an entity's path in its namespace. */
export function formatEntityPath(path: EntityPath): string {
  return path.packageName ? `${path.packageName}/${path.name}` : path.name;
}
