import { badRequest } from './errors.ts';
import { assertEntityName } from './names.ts';

export interface QualifiedName {
  namespace: string;
  packageName: string;
  name: string;
}

/**
 * Parses OpenWhisk's fully qualified names: `/ns/name`, `/ns/pkg/name`, or a
 * relative `name` / `pkg/name` in `defaultNamespace`. `_` is the default.
 */
export function parseFullyQualifiedName(text: string, defaultNamespace: string): QualifiedName {
  const absolute = text.startsWith('/');
  const parts = (absolute ? text.slice(1) : text).split('/');
  let namespace = defaultNamespace;
  if (absolute) {
    namespace = parts.shift() ?? '';
    if (namespace === '_') namespace = defaultNamespace;
    assertEntityName(namespace, 'namespace');
  }
  if (parts.length === 1) {
    assertEntityName(parts[0]!, 'entity');
    return { namespace, packageName: '', name: parts[0]! };
  }
  if (parts.length === 2) {
    assertEntityName(parts[0]!, 'package');
    assertEntityName(parts[1]!, 'entity');
    return { namespace, packageName: parts[0]!, name: parts[1]! };
  }
  throw badRequest(`"${text}" is not a name of the form /namespace/[package/]name.`);
}
