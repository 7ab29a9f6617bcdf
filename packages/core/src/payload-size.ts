import { tooLarge } from './errors.ts';
import { MAX_PARAMETERS_BYTES, MB } from './limits.ts';

/** Byte length of a value's JSON text. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** Throws a 413 naming `what` when its JSON is over the parameter limit. */
export function assertParametersSize(value: unknown, what: string): void {
  const bytes = jsonBytes(value);
  if (bytes > MAX_PARAMETERS_BYTES) {
    throw tooLarge(`The ${what} are ${(bytes / MB).toFixed(2)} MB; the limit is ${MAX_PARAMETERS_BYTES / MB} MB.`);
  }
}
