// Issue 15's not-found pages (item 7) and smaller defects (item 9): each test
// fails on the console as it was before the fix.
import { randomBytes, randomUUID } from 'node:crypto';
import { alerts, expect, test, unique } from './support/fixtures';

const ONE_LINER = { exec: { kind: 'nodejs:default', code: 'function main() { return {} }' } };

test.describe('not-found pages', () => {
  test('an unknown console URL is a 404 inside the console, with ways onward', async ({ page, signIn, snap }) => {
    await signIn();
    const response = await page.goto('/no-such-page/at-all');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    // The console's own navigation is there, not the framework's bare page.
    await expect(page.getByRole('navigation', { name: 'Console' })).toBeVisible();
    const onward = page.getByRole('navigation', { name: 'Ways onward' });
    for (const link of ['Actions', 'Activations', 'Dashboard']) await expect(onward.getByRole('link', { name: link, exact: true })).toBeVisible();
    await expect(page).toHaveTitle(/^Not found/);
    await snap('not-found-page');
    await onward.getByRole('link', { name: 'Activations', exact: true }).click();
    await expect(page).toHaveURL(/\/activations$/);
  });

  test('an unknown /api URL stays a JSON 404, not a redirect to sign-in', async ({ page }) => {
    const response = await page.request.get('/api/no-such-api', { maxRedirects: 0 });
    expect(response.status()).toBe(404);
    expect(await response.json()).toEqual({ error: 'The requested resource does not exist.' });
  });

  test('a missing action is a 404 that names it and offers to create it', async ({ page, signIn, snap }) => {
    await signIn();
    const name = `${unique('nopkg')}/${unique('missing')}`;
    const response = await page.goto(`/actions/${name}`);
    expect(response?.status()).toBe(404);
    const panel = page.getByRole('region', { name: 'Action not found' });
    await expect(panel).toContainText(`There is no action ${name} in this namespace`);
    await expect(page).toHaveTitle(/^Not found/);
    await expect(panel.getByRole('link', { name: 'All actions' })).toHaveAttribute('href', '/actions');
    await snap('not-found-action');

    await panel.getByRole('link', { name: `Create action ${name}` }).click();
    await expect(page).toHaveURL(/\/actions\/new\?name=/);
    await expect(page.getByLabel('Action name')).toHaveValue(name);
  });

  test('a missing package, trigger, rule, activation or deployment is a 404 naming it, linked to its list', async ({ page, signIn }) => {
    await signIn();
    const cases = [
      { url: 'packages', what: 'Package', name: unique('gone-pkg'), list: 'All packages' },
      { url: 'triggers', what: 'Trigger', name: unique('gone-trigger'), list: 'All triggers' },
      { url: 'rules', what: 'Rule', name: unique('gone-rule'), list: 'All rules' },
      { url: 'activations', what: 'Activation', name: randomBytes(16).toString('hex'), list: 'All activations' },
      { url: 'deployments', what: 'Deployment', name: randomUUID(), list: 'All deployments' },
    ];
    for (const { url, what, name, list } of cases) {
      const response = await page.goto(`/${url}/${name}`);
      expect(response?.status(), `/${url}/${name}`).toBe(404);
      const panel = page.getByRole('region', { name: `${what} not found` });
      await expect(panel).toContainText(`There is no ${what.toLowerCase()} ${name}`);
      await expect(panel.getByRole('link', { name: list })).toHaveAttribute('href', `/${url}`);
      await expect(page.getByRole('navigation', { name: 'Console' })).toBeVisible();
    }
  });

  test('an existing action is still an ordinary page', async ({ page, api, signIn }) => {
    const name = unique('present');
    expect((await api.putAction(name, ONE_LINER)).status).toBe(200);
    await signIn();
    const response = await page.goto(`/actions/${name}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page).toHaveTitle(`${name} · Brisk`);
  });
});

test('counts one line as "1 line", in the editor and in logs', async ({ page, api, signIn }) => {
  const name = unique('one-line');
  expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: "function main() { console.log('only'); return {} }" } })).status).toBe(200);
  const invoked = await api.invoke(name);
  expect(invoked.status).toBe(200);
  await signIn();

  await page.goto(`/actions/${name}`);
  await expect(page.locator('.statusline')).toContainText('1 line');
  await expect(page.locator('.statusline')).not.toContainText('1 lines');

  await page.goto(`/activations/${invoked.body.activationId}`);
  await expect(page.getByRole('log', { name: 'Logs' }).getByText('only')).toBeVisible();
  await expect(page.getByText('1 line', { exact: true })).toBeVisible();
  await expect(page.getByText('1 lines')).toHaveCount(0);
});

test("creating over an existing name says so in the console's words, with a link to it", async ({ page, api, signIn }) => {
  const name = unique('taken');
  expect((await api.putAction(name, ONE_LINER)).status).toBe(200);
  await signIn();
  await page.goto('/actions/new');
  await page.getByLabel('Action name').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(alerts(page)).toHaveText(`An action named ${name} already exists; open it or choose another name.`);
  await expect(alerts(page)).not.toContainText('overwrite');
  // The new action's name is an unsaved edit: the console asks before leaving it.
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('link', { name: `Open ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/actions/${name}$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('a taken package or trigger name is refused in the same words', async ({ page, api, signIn }) => {
  const pkg = unique('taken-pkg');
  const trigger = unique('taken-trigger');
  expect((await api.request('PUT', `/namespaces/_/packages/${pkg}`, { body: {} })).status).toBe(200);
  expect((await api.request('PUT', `/namespaces/_/triggers/${trigger}`, { body: {} })).status).toBe(200);
  await signIn();
  for (const [procedure, what, name] of [
    ['packages.create', 'A package', pkg],
    ['triggers.create', 'A trigger', trigger],
  ] as const) {
    const response = await page.request.post(`/api/trpc/${procedure}`, { data: { name, parameters: [], annotations: [] } });
    expect(response.status()).toBe(409);
    expect((await response.json()).error.message).toBe(`${what} named ${name} already exists; open it or choose another name.`);
  }
});

test('the malformed-key message shows code as code, not backticks', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('API key').fill('not a key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = alerts(page);
  await expect(alert).toContainText('as npm start prints it');
  await expect(alert).not.toContainText('`');
  await expect(alert.locator('code')).toHaveText('npm start');
});

test('offers no Diff for the current version', async ({ page, api, signIn }) => {
  const name = unique('versions');
  expect((await api.putAction(name, ONE_LINER)).status).toBe(200);
  expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main() { return { v: 2 } }' } }, true)).status).toBe(200);
  await signIn();
  await page.goto(`/actions/${name}`);
  await page.getByRole('tab', { name: 'Versions' }).click();
  const current = page.getByRole('listitem', { name: 'Version 0.0.2' });
  await expect(current).toContainText('current');
  await expect(current.getByRole('button')).toHaveCount(0);
  const older = page.getByRole('listitem', { name: 'Version 0.0.1' });
  await expect(older.getByRole('button', { name: 'Compare 0.0.1 with current' })).toBeEnabled();
  await expect(older.getByRole('button', { name: 'Roll back to 0.0.1' })).toBeVisible();
});

test.describe('times with their zone', () => {
  // A zone with a half-hour offset: neither UTC nor the machine's own.
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('an activation shows its times with the UTC offset', async ({ page, api, signIn }) => {
    const name = unique('zoned');
    expect((await api.putAction(name, ONE_LINER)).status).toBe(200);
    const invoked = await api.invoke(name);
    expect(invoked.status).toBe(200);
    await signIn();

    await page.goto(`/activations/${invoked.body.activationId}`);
    const summary = page.getByRole('region', { name: 'Summary' });
    await expect(summary).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC\+05:30/);

    // In the list the column stays short; the cell's title has the zone.
    await page.goto('/activations');
    const row = page.getByRole('row').filter({ hasText: name }).first();
    await expect(row.locator('td[title*="UTC+05:30"]')).toHaveCount(1);
  });
});
