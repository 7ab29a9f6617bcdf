// The official `openwhisk` npm client, pointed at the Brisk under test, for
// the tests that prove OpenWhisk clients work unchanged.
import openwhisk from 'openwhisk';
import { expect } from 'vitest';
import { brisk } from './helpers';

// apihost with an explicit http:// scheme: the client keeps it and appends /api/v1/.
export const guestWsk = openwhisk({ apihost: brisk.url, api_key: brisk.guestKey });
export const otherWsk = openwhisk({ apihost: brisk.url, api_key: brisk.otherKey });

/** Code of a Node.js action that answers with every parameter it was given. */
export const ECHO = 'function main(params) { return params; }';

/** Awaits a client call that must fail; answers the HTTP status and Brisk's message. */
export async function refused(call: Promise<unknown>): Promise<{ statusCode: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const failure = error as { statusCode?: number; error?: { error?: string } };
    expect(failure.statusCode, `expected an HTTP error, got ${String(error)}`).toEqual(expect.any(Number));
    return { statusCode: failure.statusCode!, message: failure.error?.error ?? '' };
  }
  throw new Error('the call was expected to be refused, but it succeeded');
}

/** Reads an activation until it has finished (Brisk answers `pending` until then). */
export async function finishedActivation(wsk: ReturnType<typeof openwhisk>, activationId: string, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record: any = await wsk.activations.get({ name: activationId });
    if (record.response?.status !== 'pending') return record;
    if (Date.now() > deadline) throw new Error(`activation ${activationId} still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Turns OpenWhisk's `[{key, value}]` into an object. */
export function keyValues(list: { key: string; value: unknown }[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, value]));
}
