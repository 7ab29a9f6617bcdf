// Named test payloads: the annotation they are kept in and their schema.
// Free of server-only imports, so the console's forms use it too.
import { z } from 'zod';
import type { KeyValue } from './entity-schemas.ts';

export const TEST_PAYLOADS_ANNOTATION = 'brisk:testPayloads';
export const MAX_TEST_PAYLOADS = 50;

export const testPayloadSchema = z.object({
  name: z.string().trim().min(1, 'a test payload needs a name').max(64, 'a test payload name is at most 64 characters'),
  payload: z.record(z.string(), z.unknown(), { error: 'a test payload must be a JSON object' }),
});
export type TestPayload = z.infer<typeof testPayloadSchema>;

/** The test payloads stored in an action's annotations; malformed entries are skipped. */
export function testPayloadsOf(annotations: readonly KeyValue[]): TestPayload[] {
  const value = annotations.find((entry) => entry.key === TEST_PAYLOADS_ANNOTATION)?.value;
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const parsed = testPayloadSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}
