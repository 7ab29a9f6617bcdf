// Issue 15, item 2: one action open in two tabs. A save in B after A saved
// used to replace A's version silently; now B is told, can compare, and
// chooses. A test payload saved in the same tab is not mistaken for such a save.
import { expect, test, unique } from './support/fixtures';

const codeOf = (line: string) => `function main() {\n  return { line: ${JSON.stringify(line)} };\n}\n`;

test('a save based on a version another tab replaced is refused, compared and then saved over it on request', async ({ page, api, signIn, snap }) => {
  await signIn();
  const name = unique('two-tabs');
  expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: codeOf('first') } })).status).toBe(200);
  // B is the fixture's page, so that the screenshot shows it.
  const tabB = page;
  const tabA = await page.context().newPage();
  for (const tab of [tabA, tabB]) {
    await tab.goto(`/actions/${name}`);
    await expect(tab.getByTestId('action-version')).toHaveText('v0.0.1');
  }

  await tabA.bringToFront();
  await tabA.getByRole('textbox', { name: 'Code editor' }).focus();
  await tabA.keyboard.press('ControlOrMeta+End');
  await tabA.keyboard.type('// from tab A');
  await tabA.keyboard.press('ControlOrMeta+s');
  await expect(tabA.getByTestId('action-version')).toHaveText('v0.0.2');

  await tabB.bringToFront();
  await tabB.getByRole('textbox', { name: 'Code editor' }).focus();
  await tabB.keyboard.press('ControlOrMeta+End');
  await tabB.keyboard.type('// from tab B');
  await tabB.keyboard.press('ControlOrMeta+s');
  const stale = tabB.getByTestId('stale-version');
  await expect(stale).toContainText('Version 0.0.2 was saved elsewhere after you started editing version 0.0.1');
  await expect(tabB.getByText('Unsaved changes', { exact: true })).toBeVisible();
  // Nothing was written: A's version is the newest.
  const stored = (await api.request('GET', `/namespaces/_/actions/${name}`)).body;
  expect(stored.version).toBe('0.0.2');
  expect(stored.exec.code).toContain('// from tab A');

  await stale.getByRole('button', { name: 'Compare with version 0.0.2' }).click();
  const diff = tabB.getByTestId('stale-diff');
  await expect(diff).toContainText('// from tab A');
  await expect(diff).toContainText('// from tab B');
  await snap('stale-version-compare');

  await stale.getByRole('button', { name: 'Save mine over version 0.0.2' }).click();
  await expect(tabB.getByTestId('action-version')).toHaveText('v0.0.3');
  await expect(stale).toBeHidden();
  const saved = (await api.request('GET', `/namespaces/_/actions/${name}`)).body;
  expect(saved.exec.code).toContain('// from tab B');
  expect(saved.exec.code).not.toContain('// from tab A');

  // A test payload saved here makes a version too, but not one that conflicts with this tab's edits.
  await tabB.getByRole('textbox', { name: 'Code editor' }).focus();
  await tabB.keyboard.press('ControlOrMeta+End');
  await tabB.keyboard.type(' // and more');
  await tabB.getByRole('button', { name: 'Save payload…' }).click();
  const form = tabB.getByRole('form', { name: 'Save test payload' });
  await form.getByLabel('Payload name').fill('empty');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(tabB.getByLabel('Saved payloads')).toHaveValue('empty');
  await expect(tabB.getByTestId('action-version')).toHaveText('v0.0.4');
  await tabB.keyboard.press('ControlOrMeta+s');
  await expect(tabB.getByTestId('action-version')).toHaveText('v0.0.5');
  await expect(stale).toBeHidden();
  expect((await api.request('GET', `/namespaces/_/actions/${name}`)).body.exec.code).toContain('// and more');
});
