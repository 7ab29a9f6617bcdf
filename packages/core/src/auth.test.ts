import { describe, expect, it } from 'vitest';
import { apiKeyFromAuthorization, formatApiKey, generateApiKey, hashSecret, parseApiKey, secretMatches } from './auth.ts';

describe('API keys', () => {
  it('generates keys in OpenWhisk format that parse back', () => {
    const key = generateApiKey();
    expect(formatApiKey(key)).toMatch(/^[0-9a-f-]{36}:[A-Za-z0-9]{64}$/);
    expect(parseApiKey(formatApiKey(key))).toEqual(key);
  });

  it('reads a key from basic auth and refuses malformed ones', () => {
    const key = generateApiKey();
    const header = `Basic ${Buffer.from(formatApiKey(key)).toString('base64')}`;
    expect(apiKeyFromAuthorization(header)).toEqual(key);
    expect(apiKeyFromAuthorization(undefined)).toBeUndefined();
    expect(apiKeyFromAuthorization('Bearer abc')).toBeUndefined();
    expect(apiKeyFromAuthorization(`Basic ${Buffer.from('nouuid:secret').toString('base64')}`)).toBeUndefined();
    expect(parseApiKey(`${key.uuid}:short`)).toBeUndefined();
  });

  it('stores only a hash and matches only the right secret', () => {
    const key = generateApiKey();
    const stored = hashSecret(key.secret);
    expect(stored).not.toContain(key.secret);
    expect(secretMatches(key.secret, stored)).toBe(true);
    expect(secretMatches(generateApiKey().secret, stored)).toBe(false);
  });
});
