// Whatever an action prints or returns is shown as text, never run as HTML.
import { expect, test, unique } from './support/fixtures';

const PAYLOAD = '<img src=x onerror=alert(1)>';

test('logs and results holding HTML are shown as text', async ({ page, api, signIn, snap }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn();
  const name = unique('xss');
  await api.putAction(name, {
    exec: { kind: 'nodejs:default', code: `function main() { console.log(${JSON.stringify(PAYLOAD)}); return { html: ${JSON.stringify(PAYLOAD)} } }` },
  });

  await page.goto(`/actions/${name}`);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const output = page.getByRole('region', { name: 'Run output' });
  await expect(output.getByRole('log', { name: 'Logs' }).getByText(PAYLOAD, { exact: true })).toBeVisible();
  await expect(output.getByLabel('Result')).toContainText(`"html": "${PAYLOAD}"`);
  await snap('xss-editor');

  await output.getByRole('link', { name: /→$/ }).click();
  await expect(page.getByRole('log', { name: 'Logs' }).getByText(PAYLOAD, { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Result' })).toContainText(PAYLOAD);
  await page.getByLabel('Search logs').fill('onerror');
  await expect(page.getByRole('log', { name: 'Logs' })).toContainText(PAYLOAD);
  await snap('xss-activation');

  await page.waitForTimeout(500);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
