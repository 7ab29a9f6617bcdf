// `$NAME` and `${NAME}` in values, as wskdeploy interpolates them, but from
// the variables the source was configured with only: never from the
// process's environment, which holds the platform's own secrets.
import type { SourceLocation } from '../project-spec.ts';
import type { Problems } from './problems.ts';

// `$$` is an escaped dollar (wskdeploy: `$${X}` is the text `${X}`); then
// `${NAME}` and `$NAME`. A `$` followed by anything else is plain text.
const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * `text` with each variable replaced by its value; an undefined variable is
 * a problem naming it (and is left as written).
 */
export function substitute(text: string, variables: Record<string, string>, at: SourceLocation, problems: Problems, entity?: string): string {
  return text.replace(REFERENCE, (match, braced?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare)!;
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (value === undefined) {
      problems.add(at, `the variable ${name} is not defined; define it in the source's variables.`, entity);
      return match;
    }
    return value;
  });
}

/** `value` with every string in it (in arrays and objects too) substituted. */
export function substituteDeep(value: unknown, variables: Record<string, string>, at: SourceLocation, problems: Problems, entity?: string): unknown {
  if (typeof value === 'string') return substitute(value, variables, at, problems, entity);
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, variables, at, problems, entity));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteDeep(item, variables, at, problems, entity)]));
  }
  return value;
}
