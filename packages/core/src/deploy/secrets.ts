// Sealing a source's token, variables and webhook secret at rest: AES-256-GCM
// under the operator's key (BRISK_SECRETS_KEY), so a database dump alone
// reveals none of them. GCM also authenticates: a tampered value fails to open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key from its environment form: 32 bytes, as base64 or 64 hex digits. */
export function parseSecretsKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('BRISK_SECRETS_KEY must be 32 bytes, written as base64 or 64 hex digits (e.g. `openssl rand -base64 32`).');
  return key;
}

export function sealSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
}

/** The size in bytes of the text a sealed value holds, without opening it (GCM adds no padding). */
export function sealedSecretBytes(sealed: string): number {
  const body = sealed.split(':')[1] ?? '';
  return Math.max(0, Buffer.from(body, 'base64').length - IV_BYTES - TAG_BYTES);
}

export function openSecret(key: Buffer, sealed: string): string {
  const [version, body] = sealed.split(':');
  if (version !== VERSION || !body) throw new Error('a sealed secret is not in a form this version of Brisk reads');
  const bytes = Buffer.from(body, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
