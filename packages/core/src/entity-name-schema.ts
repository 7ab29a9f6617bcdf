// Zod schemas for entity names, for the console's forms and its tRPC inputs.
// They run the very checks the services run (assertEntityName), so the
// browser refuses a name with the words the server would use. Client-safe:
// no database, no Node.js.
import { z } from 'zod';
import { assertEntityName } from './names.ts';

/** Runs `check` and turns the 400 it throws into a zod issue with the same message. */
function refusal(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A package, trigger or rule name (`what` names it in the message), as OpenWhisk's rule allows. */
export function entityNameSchema(what: string) {
  return z.string({ error: `The ${what} name is required.` }).superRefine((name, context) => {
    const message = refusal(() => assertEntityName(name, what));
    if (message) context.addIssue({ code: 'custom', message });
  });
}

/** The package a binding refers to, as `{namespace, name}`: the body of a binding's PUT. */
export interface PackageReference {
  namespace: string;
  name: string;
}

/**
 * The package to bind, typed as `/namespace/package` (or `package` for one
 * of `defaultNamespace`); answers the `binding` a package PUT takes.
 */
export function packageReferenceSchema(defaultNamespace: string) {
  return z
    .string({ error: 'Name the package to bind, as /namespace/package.' })
    .trim()
    .min(1, 'Name the package to bind, as /namespace/package.')
    .transform((text, context): PackageReference => {
      const parts = text.replace(/^\//, '').split('/');
      const [namespace, name] = parts.length === 1 ? [defaultNamespace, parts[0]!] : [parts[0]!, parts[1]!];
      const message =
        parts.length > 2
          ? `"${text}" has too many parts: a package is /namespace/package.`
          : refusal(() => {
              assertEntityName(namespace, 'binding namespace');
              assertEntityName(name, 'bound package');
            });
      if (message) context.addIssue({ code: 'custom', message });
      return { namespace, name };
    });
}
