import { randomBytes } from 'node:crypto';

const ACTIVATION_ID = /^[0-9a-f]{32}$/;

/** A new activation id: 32 lowercase hex characters, as OpenWhisk mints them. */
export function newActivationId(): string {
  return randomBytes(16).toString('hex');
}

export function isActivationId(text: string): boolean {
  return ACTIVATION_ID.test(text);
}
