// Platform limits, as OpenWhisk defines them (docs/reference.md).

export const MB = 1024 * 1024;

export const ACTION_LIMITS = {
  timeoutMs: { min: 100, max: 300_000, default: 60_000 },
  memoryMb: { min: 128, max: 512, default: 256 },
  logsMb: { min: 0, max: 10, default: 10 },
  concurrency: { min: 1, max: 500, default: 1 },
} as const;

/** Parameters (and results) of one activation. */
export const MAX_PARAMETERS_BYTES = 1 * MB;
/** Action code, or a base64 zip. */
export const MAX_CODE_BYTES = 48 * MB;
/** The longest a blocking invoke waits before answering 202 with the id. */
export const MAX_BLOCKING_WAIT_MS = 60_000;
/** Entity names, OpenWhisk's maximum. */
export const MAX_NAME_LENGTH = 256;
/** Components of one sequence (OpenWhisk's actionSequenceMaxLength). */
export const MAX_SEQUENCE_LENGTH = 50;
