import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { isUuid } from './uuid.ts';

/** An OpenWhisk API key: `uuid:secret`, sent as HTTP basic auth. */
export interface ApiKey {
  uuid: string;
  secret: string;
}

const SECRET = /^[A-Za-z0-9]{16,128}$/;

/** Parses `uuid:secret`; returns undefined when it is not of that form. */
export function parseApiKey(text: string): ApiKey | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const uuid = text.slice(0, colon);
  const secret = text.slice(colon + 1);
  if (!isUuid(uuid) || !SECRET.test(secret)) return undefined;
  return { uuid: uuid.toLowerCase(), secret };
}

/** Reads the key from an `Authorization: Basic ...` header. */
export function apiKeyFromAuthorization(header: string | null | undefined): ApiKey | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  return parseApiKey(Buffer.from(match[1], 'base64').toString('utf8'));
}

/** A new key in OpenWhisk's format: a uuid and a 64-character secret. */
export function generateApiKey(): ApiKey {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(64);
  let secret = '';
  for (const byte of bytes) secret += alphabet[byte % alphabet.length];
  return { uuid: randomUUID(), secret };
}

export function formatApiKey(key: ApiKey): string {
  return `${key.uuid}:${key.secret}`;
}

/**
 * Secrets are long random strings, not passwords, so a plain SHA-256 is the
 * right hash: it cannot be reversed, and checking it costs microseconds on
 * every request.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
