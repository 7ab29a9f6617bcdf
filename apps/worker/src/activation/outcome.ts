// How a run ended, in OpenWhisk's terms: a status code and a result.
import { MAX_PARAMETERS_BYTES, STATUS, type StatusCode } from '@brisk/core';
import type { ContainerExit } from '../containers/types.ts';
import type { ProxyResponse } from '../containers/runtime-client.ts';

export interface Outcome {
  statusCode: StatusCode;
  result: Record<string, unknown>;
  /** The container must not serve another activation. */
  discard: boolean;
  timedOut?: boolean;
}

export const MESSAGES = {
  timeout: (ms: number) => `The action exceeded its time limit of ${ms} milliseconds.`,
  memory: 'The action exhausted its memory and was aborted.',
  crashed: 'The action did not produce a valid response and exited unexpectedly.',
  containerLost: "The action's container was removed while the activation ran, by the platform and not by the action (its worker was stopping or lost it).",
  notJson: 'The action did not produce a valid JSON response.',
  tooLarge: (bytes: number) => `The action produced a response that exceeded the allowed length: ${bytes} > ${MAX_PARAMETERS_BYTES} bytes.`,
} as const;

const failure = (statusCode: StatusCode, error: unknown, discard: boolean): Outcome => ({
  statusCode,
  result: { error },
  discard,
});

/** Maps the proxy's answer to /run. */
export function outcomeOfRun(response: ProxyResponse): Outcome {
  if (Buffer.byteLength(response.text) > MAX_PARAMETERS_BYTES) {
    return failure(STATUS.developerError, MESSAGES.tooLarge(Buffer.byteLength(response.text)), false);
  }
  const body = response.body;
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (response.status === 200 && isObject) {
    const result = body as Record<string, unknown>;
    return { statusCode: 'error' in result ? STATUS.applicationError : STATUS.success, result, discard: false };
  }
  if (isObject && 'error' in (body as object)) {
    return failure(STATUS.developerError, (body as { error: unknown }).error, false);
  }
  return failure(STATUS.developerError, MESSAGES.notJson, true);
}

/** An answer too large to read: the connection is abandoned mid-body, so the container goes too. */
export function outcomeOfOversizedAnswer(bytes: number): Outcome {
  return failure(STATUS.developerError, MESSAGES.tooLarge(bytes), true);
}

/** Maps a failed /init: the container is never reused after one. */
export function outcomeOfInit(response: ProxyResponse): Outcome {
  const body = response.body as { error?: unknown } | undefined;
  const error = body?.error ?? (response.text.trim() || `Initialization failed with HTTP ${response.status}.`);
  return failure(STATUS.developerError, error, true);
}

export function outcomeOfTimeout(timeoutMs: number): Outcome {
  return { ...failure(STATUS.developerError, MESSAGES.timeout(timeoutMs), true), timedOut: true };
}

/** The connection dropped: explain it from how the container ended. */
export function outcomeOfCrash(exit: ContainerExit): Outcome {
  // Removed by someone else (a worker shutting down, an operator): not the developer's fault.
  if (exit.gone) return failure(STATUS.internalError, MESSAGES.containerLost, true);
  return failure(STATUS.developerError, exit.oomKilled ? MESSAGES.memory : MESSAGES.crashed, true);
}

export function internalError(message: string): Outcome {
  return failure(STATUS.internalError, message, true);
}
