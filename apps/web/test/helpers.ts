import { ApiClient } from '@brisk/testing/api-client';
import { inject } from 'vitest';
import '@brisk/testing/provided-context';

export const brisk = inject('brisk');
export const guest = new ApiClient(brisk.url, brisk.guestKey);
export const other = new ApiClient(brisk.url, brisk.otherKey);
export const anonymous = new ApiClient(brisk.url);

let counter = 0;
/** A name no other test uses, so tests never see each other's entities. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${++counter}`;
}

export function annotationValue(record: { annotations: { key: string; value: unknown }[] }, key: string): unknown {
  return record.annotations.find((entry) => entry.key === key)?.value;
}

export const nodeAction = (code: string, extra: Record<string, unknown> = {}) => ({
  exec: { kind: 'nodejs:default', code },
  ...extra,
});

export const pythonAction = (code: string, extra: Record<string, unknown> = {}) => ({
  exec: { kind: 'python:default', code },
  ...extra,
});

/** The probe's first truthy answer, asked every 100 ms; throws after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value as T;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}
