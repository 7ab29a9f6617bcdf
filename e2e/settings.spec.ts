// The console's Settings page: the signed-in namespace's limits (own values
// and platform defaults told apart) and its keys — a new key shown once with
// a copy button, the session's own key rotated without signing out, and the
// session's key revoked only after a warning. Checked against the REST API.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { machineDefaultLimits } from '../packages/core/src/machine-limits.ts';
import { ApiClient } from '../packages/testing/src/api-client.ts';
import { expect, test, unique } from './support/fixtures';

const KEY = /^[0-9a-f-]{36}:[A-Za-z0-9]{64}$/;

/** A namespace of the test's own (rotating guest's key would break the other tests), with one limit of its own. */
async function namespaceWithKey(databaseUrl: string, name: string): Promise<string> {
  const uuid = randomUUID();
  const secret = randomBytes(32).toString('hex');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO "Namespace" (id, name, "invocationsPerMinute") VALUES (gen_random_uuid(), $1, 120) RETURNING id',
      [name],
    );
    await client.query('INSERT INTO "ApiKey" (uuid, "secretHash", "namespaceId") VALUES ($1, $2, $3)', [
      uuid,
      createHash('sha256').update(secret).digest('hex'),
      rows[0]!.id,
    ]);
  } finally {
    await client.end();
  }
  return `${uuid}:${secret}`;
}

test('shows the namespace’s limits, creates a key shown once, rotates the session’s key and guards revoking it', async ({ page, brisk, signIn, snap }) => {
  const namespace = unique('settings');
  const original = await namespaceWithKey(brisk.databaseUrl, namespace);
  const originalUuid = original.split(':')[0]!;
  const works = async (key: string) => (await new ApiClient(brisk.url, key).request('GET', '/namespaces')).status;
  await signIn(original);

  await page.goto('/actions');
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

  // Limits: the namespace's own value and the platform's defaults, each labelled.
  const limits = page.getByRole('table', { name: 'Namespace limits' });
  const perMinute = limits.getByRole('row', { name: 'Invocations per minute' });
  await expect(perMinute).toContainText('120');
  await expect(perMinute).toContainText('this namespace');
  // The defaults are sized to this machine (machine-limits.ts); the console's server runs with this environment.
  const defaults = machineDefaultLimits();
  const format = (value: number) => new Intl.NumberFormat('en-US').format(value);
  await expect(perMinute).toContainText(`(default ${format(defaults.invocationsPerMinute)})`);
  const concurrent = limits.getByRole('row', { name: 'Concurrent invocations' });
  await expect(concurrent).toContainText(format(defaults.concurrentInvocations));
  await expect(concurrent).toContainText('platform default');
  await expect(limits.getByRole('row', { name: 'Trigger fires per minute' })).toContainText('platform default');
  await expect(limits.getByRole('row', { name: 'Activation records kept' })).toContainText('7 days');

  const keys = page.getByRole('table', { name: 'API keys' });
  await expect(keys.getByRole('row', { name: `Key ${originalUuid}` })).toContainText('this session');
  await snap('settings');

  // A new key: shown once, copied with its button, and it works.
  await page.getByRole('button', { name: 'Create key' }).click();
  const notice = page.getByRole('region', { name: 'New key' });
  await expect(notice.getByRole('heading', { name: 'New key' })).toBeFocused();
  await expect(notice).toContainText('shown only once');
  const created = await notice.getByRole('textbox', { name: 'API key' }).inputValue();
  expect(created).toMatch(KEY);
  await notice.getByRole('button', { name: 'Copy API key' }).click();
  await expect(notice.getByRole('status').filter({ hasText: 'API key copied' })).toBeAttached();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(created);
  expect(await works(created)).toBe(200);
  await snap('settings-new-key');
  await notice.getByRole('button', { name: 'Done' }).click();
  await expect(notice).toHaveCount(0);
  const createdUuid = created.split(':')[0]!;
  await expect(keys.getByRole('row', { name: `Key ${createdUuid}` })).toBeVisible();

  // Revoking the session's own key warns first; Escape backs out and nothing changes.
  await keys.getByRole('button', { name: `Revoke key ${originalUuid}` }).click();
  const warning = page.getByRole('dialog', { name: 'Revoke the key you are signed in with?' });
  await expect(warning).toContainText('signs you out');
  await expect(warning.getByRole('button', { name: 'Revoke and sign out' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(warning).toHaveCount(0);
  expect(await works(original)).toBe(200);

  // Rotating, from the keyboard: a new key, the session moved onto it, the old key refused.
  await page.getByRole('button', { name: 'Rotate my key' }).focus();
  await page.keyboard.press('Enter');
  const rotate = page.getByRole('dialog', { name: 'Rotate your key?' });
  await expect(rotate).toContainText(originalUuid);
  await rotate.getByRole('button', { name: 'Rotate key' }).click();
  const rotatedNotice = page.getByRole('region', { name: 'Your new key' });
  await expect(rotatedNotice.getByRole('heading', { name: 'Your new key' })).toBeFocused();
  const rotated = await rotatedNotice.getByRole('textbox', { name: 'API key' }).inputValue();
  expect(rotated).toMatch(KEY);
  expect(await works(original)).toBe(401);
  expect(await works(rotated)).toBe(200);
  const rotatedUuid = rotated.split(':')[0]!;
  await expect(keys.getByRole('row', { name: `Key ${rotatedUuid}` })).toContainText('this session');
  await expect(keys.getByRole('row', { name: `Key ${originalUuid}` })).toHaveCount(0);

  // Still signed in after a reload: the session went over to the new key.
  await page.reload();
  await expect(page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: `Key ${rotatedUuid}` })).toContainText('this session');

  // Another key goes without signing out.
  await keys.getByRole('button', { name: `Revoke key ${createdUuid}` }).click();
  await page.getByRole('dialog', { name: 'Revoke this key?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(keys.getByRole('row', { name: `Key ${createdUuid}` })).toHaveCount(0);
  expect(await works(created)).toBe(401);

  // The session's own key, confirmed: revoked, and the console signs out.
  await keys.getByRole('button', { name: `Revoke key ${rotatedUuid}` }).click();
  await page.getByRole('dialog', { name: 'Revoke the key you are signed in with?' }).getByRole('button', { name: 'Revoke and sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await works(rotated)).toBe(401);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login/);
});
