// What an environment variable of an action or a package may be: the rules,
// checked the same in the console (as the user types) and by the service.
// Pure and browser-safe: no sealing here (env-seal.ts).

/** A POSIX-portable name: letters, digits and `_`, not starting with a digit. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** OpenWhisk sets `__OW_*` for every run (`__OW_ACTIVATION_ID`, `__OW_API_KEY`…): a variable must not shadow them. */
export const RESERVED_ENV_PREFIX = '__OW_';

export const ENV_LIMITS = {
  /** Variables one action or package may hold. */
  maxVariables: 100,
  maxNameLength: 256,
  /** Bytes (UTF-8) of one value. */
  maxValueBytes: 32 * 1024,
  /** Bytes (UTF-8) of every name and value of one action or package together. */
  maxTotalBytes: 64 * 1024,
} as const;

/** Why `name` cannot be an environment variable's name, or undefined when it can. */
export function envNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a name cannot be empty';
  if (name.length > ENV_LIMITS.maxNameLength) return `${JSON.stringify(name.slice(0, 40))}… is longer than ${ENV_LIMITS.maxNameLength} characters`;
  if (!ENV_NAME_PATTERN.test(name)) return `${JSON.stringify(name)} is not a name: use letters, digits and _, not starting with a digit`;
  if (name.toUpperCase().startsWith(RESERVED_ENV_PREFIX))
    return `${name} starts with ${RESERVED_ENV_PREFIX}, which the platform reserves for its own variables`;
  return undefined;
}

/** Why `value` cannot be an environment variable's value, or undefined when it can. */
export function envValueProblem(name: string, value: string): string | undefined {
  if (value.includes('\u0000')) return `the value of ${name} holds a NUL character, which no environment can carry`;
  if (utf8Bytes(value) > ENV_LIMITS.maxValueBytes) return `the value of ${name} is larger than ${ENV_LIMITS.maxValueBytes / 1024} KiB`;
  return undefined;
}

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
