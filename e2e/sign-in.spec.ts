// Signing in with an API key, the session cookie, signing out, and every
// view scoped to the signed-in namespace.
import { randomUUID } from 'node:crypto';
import { alerts, expect, test, unique } from './support/fixtures';

test('signs in with an API key, shows the namespace everywhere, and signs out', async ({ page, brisk, snap }) => {
  await page.goto('/actions');
  await expect(page).toHaveURL(/\/login\?next=%2Factions$|\/login$/);
  await snap('sign-in');

  const key = page.getByLabel('API key');
  await key.fill('not a key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(alerts(page)).toContainText('An API key looks like <uuid>:<secret>');

  // Well formed but unknown: the server's own message.
  await key.fill(`${randomUUID()}:${'x'.repeat(64)}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(alerts(page)).toHaveText('The supplied authentication is invalid.');

  await key.fill(brisk.guestKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/actions$/);
  await expect(page.getByTestId('namespace')).toHaveText('namespace guest');

  const session = (await page.context().cookies()).find((cookie) => cookie.name === 'brisk_session');
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe('Strict');
  expect(session!.value).not.toContain(brisk.guestKey.split(':')[1]!);

  for (const link of ['Dashboard', 'Activations', 'Actions']) {
    await page.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByTestId('namespace')).toHaveText('namespace guest');
  }

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/actions');
  await expect(page).toHaveURL(/\/login/);

  // Signing out ended the session on the server: the old cookie is worthless.
  await page.context().addCookies([session!]);
  await page.goto('/actions');
  await expect(page).toHaveURL(/\/login/);
});

test("a session sees only its own namespace's actions and activations", async ({ page, api, signIn, brisk }) => {
  const name = unique('guest-only');
  expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main() { return {} }' } })).status).toBe(200);
  const invoked = await api.invoke(name);
  expect(invoked.status).toBe(200);

  await signIn(brisk.otherKey);
  await page.goto('/actions');
  await expect(page.getByTestId('namespace')).toHaveText(`namespace ${brisk.otherNamespace}`);
  await page.getByLabel('Search actions').fill(name);
  await expect(page.getByText('No actions match')).toBeVisible();

  // Another namespace's action and activation are not found, as if they did not exist.
  expect((await page.goto(`/actions/${name}`))?.status()).toBe(404);
  await expect(page.getByRole('region', { name: 'Action not found' })).toContainText(`There is no action ${name} in this namespace`);
  expect((await page.goto(`/activations/${invoked.body.activationId}`))?.status()).toBe(404);
  await expect(page.getByRole('region', { name: 'Activation not found' })).toContainText(`There is no activation ${invoked.body.activationId}`);

  // The console's API refuses requests without a session.
  const anonymous = await page.request.get('/api/trpc/actions.list?input=%7B%7D', { headers: { cookie: '' } });
  expect(anonymous.status()).toBe(401);
});
