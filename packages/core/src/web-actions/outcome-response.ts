// How a web action's activation ended, as the answer to its HTTP request.
import { STATUS } from '../activation-record.ts';
import type { InvokeOutcome } from '../invoke.ts';
import { resultResponse } from './result-response.ts';
import type { WebExtension } from './web-path.ts';
import { problem, type WebResponse } from './web-response.ts';

/**
 * - success: the result, served as the extension asks;
 * - application error (`{error: ...}`): the `error` value served as the
 *   extension asks, as OpenWhisk does, so an .http action can answer
 *   `{error: {statusCode: 404, body: '...'}}`; when that value cannot be
 *   served that way, 502 with the error;
 * - the action crashed, timed out or returned a non-object: 502 with the error;
 * - Brisk failed to run it: 500;
 * - still running when the blocking wait ended: 202 with the activation id.
 * Every answer names the activation in `x-openwhisk-activation-id`.
 */
export function outcomeResponse(outcome: InvokeOutcome, extension: WebExtension): WebResponse {
  const response = answer(outcome, extension);
  return { ...response, headers: [...response.headers, ['x-openwhisk-activation-id', outcome.activationId]] };
}

function answer(outcome: InvokeOutcome, extension: WebExtension): WebResponse {
  if (outcome.state === 'accepted') {
    return problem(202, 'The action is still running; its result will be in the activation record.', { activationId: outcome.activationId });
  }
  const { statusCode, result } = outcome.record.response;
  if (statusCode === STATUS.success) return resultResponse(result ?? {}, extension);

  const error = typeof result === 'object' && result !== null && 'error' in result ? (result as { error: unknown }).error : result;
  if (statusCode === STATUS.applicationError) {
    const served = resultResponse(error, extension);
    if (served.kind === 'content') return served;
  }
  const status = statusCode === STATUS.internalError ? 500 : 502;
  return problem(status, errorText(error), { activationId: outcome.activationId });
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  return JSON.stringify(error) ?? 'The action failed.';
}
