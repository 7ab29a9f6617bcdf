// How rules and triggers show the entities they name.

/**
 * OpenWhisk writes a rule's trigger and action as `{path, name}`, where
 * `path` is the namespace, with the package if any (`guest/pkg`), and
 * nothing else: clients compare the object as it reads back.
 */
export interface EntityRef {
  path: string;
  name: string;
}

/** `/guest/pkg/hello` -> `{path: 'guest/pkg', name: 'hello'}`. */
export function entityRef(fullyQualified: string): EntityRef {
  const parts = fullyQualified.replace(/^\//, '').split('/');
  const name = parts.pop() ?? '';
  const path = parts.join('/');
  return { path, name };
}

/** `/guest/pkg/hello` -> `guest/pkg/hello`, as OpenWhisk writes names in trigger activation logs. */
export function withoutLeadingSlash(fullyQualified: string): string {
  return fullyQualified.replace(/^\//, '');
}
