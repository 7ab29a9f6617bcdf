// Wire shapes of OpenWhisk entities, validated with zod. The same schemas
// serve the REST API and the console's forms.
import { z } from 'zod';
import { unstorableJson } from './json-input.ts';
import { ACTION_LIMITS } from './limits.ts';

/** A value Postgres can store (no NUL, no unpaired surrogate), refused with a message otherwise. */
const storable = <T extends z.ZodType>(schema: T) =>
  schema.superRefine((value, context) => {
    const problem = unstorableJson(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

export const keyValueSchema = z.object({ key: storable(z.string().min(1, 'a parameter key may not be empty')), value: storable(z.unknown()) });
export const keyValueListSchema = z.array(keyValueSchema);
export type KeyValue = z.infer<typeof keyValueSchema>;

const limit = (bounds: { min: number; max: number }, what: string, unit: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(bounds.min, `${what} must be at least ${bounds.min} ${unit}`)
    .max(bounds.max, `${what} must be at most ${bounds.max} ${unit}`);

export const actionLimitsSchema = z
  .object({
    timeout: limit(ACTION_LIMITS.timeoutMs, 'limits.timeout', 'milliseconds'),
    memory: limit(ACTION_LIMITS.memoryMb, 'limits.memory', 'MB'),
    logs: limit(ACTION_LIMITS.logsMb, 'limits.logs', 'MB'),
    concurrency: limit(ACTION_LIMITS.concurrency, 'limits.concurrency', 'activations'),
  })
  .partial();

export const actionExecSchema = z.object({
  kind: z.string({ error: 'exec.kind is required' }).min(1, 'exec.kind is required'),
  code: z.string().optional(),
  main: z.string().optional(),
  binary: z.boolean().optional(),
  image: z.string().optional(),
  components: z.array(z.string()).optional(),
});

/** The body of `PUT /namespaces/{ns}/actions/{name}`; every field optional on update. */
export const actionPutSchema = z.object({
  namespace: z.string().optional(),
  name: z.string().optional(),
  version: z.string().optional(),
  publish: z.boolean().optional(),
  exec: actionExecSchema.optional(),
  parameters: keyValueListSchema.optional(),
  annotations: keyValueListSchema.optional(),
  limits: actionLimitsSchema.optional(),
});
export type ActionPut = z.infer<typeof actionPutSchema>;

/** Formats a zod error as one sentence naming each bad field. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      return `${where}${issue.message}`;
    })
    .join('; ');
}
