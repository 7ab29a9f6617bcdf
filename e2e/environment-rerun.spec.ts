// Environment variables in the console (set, masked, replaced, deleted, on an
// action and on a package) and an activation's input with "Re-run" on a
// chosen version, landing on the new activation.
import { createHash } from 'node:crypto';
import { alerts, expect, test, unique } from './support/fixtures';

const READER = `const { createHash } = require('node:crypto');
function main() {
  const v = process.env.API_TOKEN;
  return { token: v === undefined ? null : createHash('sha256').update(v).digest('hex') };
}`;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

test('sets an environment variable, shows it masked, replaces and deletes it', async ({ page, api, signIn, snap }) => {
  const name = unique('envui');
  expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: READER } })).status).toBe(200);
  const secret = `value-${Date.now()}`;
  await signIn();
  await page.goto(`/actions/${name}`);
  await page.getByRole('tab', { name: 'Configuration' }).click();
  const panel = page.getByRole('region', { name: 'Environment' });
  await expect(panel.getByText('No environment variables.')).toBeVisible();

  // A bad name is refused before anything is sent.
  await panel.getByLabel('Name').fill('1BAD');
  await panel.getByLabel('Value').fill('x');
  await panel.getByRole('button', { name: 'Add variable' }).click();
  await expect(alerts(page)).toContainText('is not a name');

  await panel.getByLabel('Name').fill('API_TOKEN');
  await panel.getByLabel('Value').fill(secret);
  await panel.getByRole('button', { name: 'Add variable' }).click();
  const table = panel.getByRole('table', { name: 'Environment variables' });
  await expect(table.getByRole('row', { name: /API_TOKEN/ })).toContainText('set');
  await expect(panel.getByLabel('Value')).toHaveValue('');
  await snap('environment-masked');
  // Masked after saving and after a reload: the value is nowhere in the page.
  await page.reload();
  await page.getByRole('tab', { name: 'Configuration' }).click();
  await expect(table.getByRole('row', { name: /API_TOKEN/ })).toContainText('set');
  expect(await page.content()).not.toContain(secret);
  expect((await api.invoke(name)).body.response.result).toEqual({ token: sha(secret) });

  await panel.getByRole('button', { name: 'Replace API_TOKEN' }).click();
  await panel.getByLabel('New value of API_TOKEN').fill('replaced');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('button', { name: 'Replace API_TOKEN' })).toBeVisible();
  expect((await api.invoke(name)).body.response.result).toEqual({ token: sha('replaced') });

  await panel.getByRole('button', { name: 'Delete API_TOKEN' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(panel.getByText('No environment variables.')).toBeVisible();
  expect((await api.invoke(name)).body.response.result).toEqual({ token: null });
});

test("sets a package's environment variable, which its actions get", async ({ page, api, signIn }) => {
  const pkg = unique('envpkg');
  expect((await api.request('PUT', `/namespaces/_/packages/${pkg}`, { body: {} })).status).toBe(200);
  expect((await api.putAction(`${pkg}/reader`, { exec: { kind: 'nodejs:default', code: READER } })).status).toBe(200);
  await signIn();
  await page.goto(`/packages/${pkg}`);
  const panel = page.getByRole('region', { name: 'Environment' });
  await panel.getByLabel('Name').fill('API_TOKEN');
  await panel.getByLabel('Value').fill('package-secret');
  await panel.getByRole('button', { name: 'Add variable' }).click();
  await expect(panel.getByRole('row', { name: /API_TOKEN/ })).toContainText('set');
  expect(await page.content()).not.toContain('package-secret');
  expect((await api.invoke(`${pkg}/reader`)).body.response.result).toEqual({ token: sha('package-secret') });
});

test("shows an activation's input and re-runs it on a chosen version, landing on the new activation", async ({ page, api, signIn, snap }) => {
  const name = unique('rerunui');
  const echo = (version: number) => `function main(params) { return { version: ${version}, n: params.n }; }`;
  expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: echo(1) } })).status).toBe(200);
  const first = await api.invoke(name, { n: 7 });
  expect(first.body.response.result).toEqual({ version: 1, n: 7 });
  expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: echo(2) } }, true)).body.version).toBe('0.0.2');

  await signIn();
  await page.goto(`/activations/${first.body.activationId}`);
  const input = page.getByRole('region', { name: 'Input' });
  await expect(input.getByLabel('Input')).toContainText('"n"');
  await input.getByLabel('Run on').selectOption('0.0.1');
  await snap('activation-input');
  await input.getByRole('button', { name: 'Re-run' }).click();

  await expect(page).not.toHaveURL(new RegExp(first.body.activationId));
  await expect(page).toHaveURL(/\/activations\/[0-9a-f]{32}$/);
  await expect(page.getByText('v0.0.1', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('"version"');
  const rerunId = page.url().split('/').at(-1)!;
  const record = await api.request('GET', `/namespaces/_/activations/${rerunId}`);
  expect(record.body.response.result).toEqual({ version: 1, n: 7 });

  // Again on the current version, from the new activation's own input.
  await page.getByRole('region', { name: 'Input' }).getByRole('button', { name: 'Re-run' }).click();
  await expect(page).not.toHaveURL(new RegExp(rerunId));
  await expect(page.getByText('v0.0.2', { exact: true })).toBeVisible();
  await snap('activation-rerun');
});
