// Failed authentications are limited per key id and per client address,
// against a Brisk of its own with low limits: guesses past the limit get 429
// before the database is asked, and a key already known good still works.
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { ApiClient } from '@brisk/testing/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let brisk: BriskInstance;

beforeAll(async () => {
  brisk = await startBrisk({ env: { BRISK_FAILED_AUTH_PER_KEY: '5', BRISK_FAILED_AUTH_PER_CLIENT: '8' } });
});

afterAll(async () => {
  await brisk?.stop();
});

const randomId = () => crypto.randomUUID();
const status = async (key: string) => (await new ApiClient(brisk.url, key).request('GET', '/namespaces')).status;

describe('failed authentication', () => {
  it('is refused with 429 past the limit per key id, then per address, while a known good key goes on working', async () => {
    const guest = new ApiClient(brisk.url, brisk.guestKey);
    expect((await guest.request('GET', '/namespaces')).status).toBe(200);

    const otherId = brisk.otherKey.split(':')[0]!;
    const wrong = `${otherId}:${'x'.repeat(32)}`;
    for (let n = 1; n <= 5; n++) expect(await status(wrong)).toBe(401);
    const locked = await new ApiClient(brisk.url, wrong).request('GET', '/namespaces');
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatch(/failed authentications for this key in the last minute \(allowed: 5\)/);

    // Other key ids from the same address: three more failures reach the address's limit of 8.
    for (let n = 1; n <= 3; n++) expect(await status(`${randomId()}:${'y'.repeat(32)}`)).toBe(401);
    const fromHere = await new ApiClient(brisk.url, `${randomId()}:${'z'.repeat(32)}`).request('GET', '/namespaces');
    expect(fromHere.status).toBe(429);
    expect(fromHere.body.error).toMatch(/from this address .*allowed: 8/);

    // The guest's key, known good to this replica, is not held up.
    expect((await guest.request('GET', '/namespaces')).status).toBe(200);
  });
});
