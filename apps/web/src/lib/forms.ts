// Schemas the console's forms and its tRPC procedures share, so the browser
// refuses exactly what the server would. They import nothing server-only;
// the entity schemas themselves come from @brisk/core's client-safe modules.
import { isValidEntityName, MAX_NAME_LENGTH } from '@brisk/core/browser';
import { z } from 'zod';

/** The shape of an OpenWhisk API key, as @brisk/core's parseApiKey accepts it. */
export const API_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[A-Za-z0-9]{16,128}$/i;

export const apiKeySchema = z
  .string()
  .trim()
  .min(1, 'Enter an API key.')
  .regex(API_KEY, 'An API key looks like <uuid>:<secret>, as `npm start` prints it and .wskprops holds it.');

const entityName = (what: string) =>
  z
    .string()
    .min(1, `The ${what} name is empty.`)
    .max(MAX_NAME_LENGTH, `The ${what} name is longer than ${MAX_NAME_LENGTH} characters.`)
    .refine(isValidEntityName, `The ${what} name may use letters, digits, '_', '@', '.', '-' and inner spaces, starting with a letter, digit or '_'.`);

/** An action's path in the namespace: "name" or "package/name". */
export const actionPathSchema = z.string({ error: 'The action path is required.' }).superRefine((path, context) => {
  const parts = path.split('/');
  if (parts.length > 2) {
    context.addIssue({ code: 'custom', message: `"${path}" has too many parts: use name or package/name.` });
    return;
  }
  const names =
    parts.length === 2
      ? [
          ['package', parts[0]!],
          ['action', parts[1]!],
        ]
      : [['action', parts[0]!]];
  for (const [what, name] of names) {
    const result = entityName(what!).safeParse(name);
    if (!result.success) context.addIssue({ code: 'custom', message: result.error.issues[0]!.message });
  }
});

/** A JSON object typed into an editor: the invocation payload, a parameter value. */
export function parseJsonObject(text: string, what: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The ${what} is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: `The ${what} must be a JSON object.` };
  return { ok: true, value: value as Record<string, unknown> };
}
