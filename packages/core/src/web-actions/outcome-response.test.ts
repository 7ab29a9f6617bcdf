import { describe, expect, it } from 'vitest';
import { makeResponse, type ActivationRecord, type StatusCode } from '../activation-record.ts';
import type { InvokeOutcome } from '../invoke.ts';
import { webActionOptions } from './annotations.ts';
import { outcomeResponse } from './outcome-response.ts';

const ID = 'a'.repeat(32);
const completed = (statusCode: StatusCode, result: unknown): InvokeOutcome => ({
  state: 'completed',
  activationId: ID,
  record: { response: makeResponse(statusCode, result) } as ActivationRecord,
});

describe('activation outcomes as web answers', () => {
  it('serve a success as the extension asks, naming the activation', () => {
    const response = outcomeResponse(completed(0, { a: 1 }), 'json');
    expect(response).toMatchObject({ kind: 'content', status: 200, body: '{"a":1}' });
    expect(response.headers).toContainEqual(['x-openwhisk-activation-id', ID]);
  });

  it("serve an application error's error value when it fits the extension", () => {
    expect(outcomeResponse(completed(1, { error: { statusCode: 418, body: 'teapot' } }), 'http')).toMatchObject({ status: 418, body: 'teapot' });
  });

  it('answer 502 with the error when it does not fit, or the action crashed', () => {
    expect(outcomeResponse(completed(1, { error: 'no such user' }), 'json')).toMatchObject({ kind: 'problem', status: 502, message: 'no such user' });
    expect(outcomeResponse(completed(2, { error: 'boom' }), 'html')).toMatchObject({ kind: 'problem', status: 502, message: 'boom' });
    expect(outcomeResponse(completed(3, { error: 'lost' }), 'http')).toMatchObject({ kind: 'problem', status: 500 });
  });

  it('answer 202 with the id while the action is still running', () => {
    expect(outcomeResponse({ state: 'accepted', activationId: ID }, 'http')).toMatchObject({ kind: 'problem', status: 202, fields: { activationId: ID } });
  });
});

describe('web action annotations', () => {
  it('switch on only with true, and read require-whisk-auth', () => {
    expect(webActionOptions([{ key: 'web-export', value: 'true' }]).exported).toBe(false);
    const options = webActionOptions([
      { key: 'web-export', value: true },
      { key: 'raw-http', value: true },
      { key: 'require-whisk-auth', value: 1234 },
    ]);
    expect(options).toMatchObject({ exported: true, raw: true, final: false, customOptions: false, requireAuth: { kind: 'secret', secret: '1234' } });
    expect(webActionOptions([{ key: 'require-whisk-auth', value: true }]).requireAuth).toEqual({ kind: 'api-key' });
    expect(webActionOptions([{ key: 'require-whisk-auth', value: false }]).requireAuth).toEqual({ kind: 'none' });
    expect(webActionOptions([{ key: 'require-whisk-auth', value: {} }]).requireAuth).toEqual({ kind: 'unusable' });
  });
});
