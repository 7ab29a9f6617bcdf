// The activation record as OpenWhisk clients read it, and the mapping from
// how a run ended to OpenWhisk's status codes.
import type { KeyValue } from './entity-schemas.ts';

export const STATUS = {
  success: 0,
  applicationError: 1,
  developerError: 2,
  internalError: 3,
} as const;
export type StatusCode = (typeof STATUS)[keyof typeof STATUS];

const STATUS_TEXT: Record<StatusCode, string> = {
  0: 'success',
  1: 'application error',
  2: 'action developer error',
  3: 'whisk internal error',
};

export function statusText(code: number): string {
  return STATUS_TEXT[code as StatusCode] ?? 'whisk internal error';
}

export interface ActivationResponse {
  status: string;
  statusCode: number;
  success: boolean;
  result?: unknown;
}

export interface ActivationRecord {
  namespace: string;
  name: string;
  version: string;
  subject: string;
  activationId: string;
  start: number;
  end: number;
  duration: number;
  statusCode: number;
  response: ActivationResponse;
  logs: string[];
  annotations: KeyValue[];
  cause?: string;
  publish: boolean;
}

export function makeResponse(statusCode: StatusCode, result: unknown): ActivationResponse {
  return { status: statusText(statusCode), statusCode, success: statusCode === STATUS.success, result };
}

/** Reads one annotation's value from a record's annotation list. */
export function annotation(annotations: readonly KeyValue[], key: string): unknown {
  return annotations.find((entry) => entry.key === key)?.value;
}
