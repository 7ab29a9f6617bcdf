import { forbidden } from './errors.ts';
import type { Caller } from './namespaces.ts';

/**
 * Resolves the namespace segment of a URL for this caller: `_` is the
 * caller's own namespace. Naming another namespace is refused, whether or not
 * it exists, so keys cannot probe for other tenants.
 */
export function resolveOwnNamespace(caller: Caller, namespaceParam: string): string {
  if (namespaceParam === '_' || namespaceParam === caller.namespace) return caller.namespace;
  throw forbidden();
}
