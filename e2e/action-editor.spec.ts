// The editor: write an action, save (a version per save), run it with a
// payload and watch its logs arrive while it runs, then edit, diff and roll
// back; validation as the server does it; test payloads; the unsaved guard.
import { knownKinds } from '../packages/core/src/kinds.ts';
import { alerts, expect, setEditorText, test, unique } from './support/fixtures';

const FIRST = `async function main(params) {
  console.log('step 1: greeting ' + params.name);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  console.log('step 2: done');
  return { greeting: 'Hello, ' + params.name + '!' };
}
`;

test('creates an action by typing code, runs it with live logs, then versions, diffs and rolls back', async ({ page, api, signIn, snap }) => {
  await signIn();
  await page.goto('/actions');
  await page.getByRole('link', { name: 'New action' }).click();
  await expect(page.getByRole('heading', { name: 'New action' })).toBeVisible();
  const name = unique('hello');
  await page.getByLabel('Action name').fill(name);
  await expect(page.getByLabel('Kind')).toHaveValue('nodejs:default');
  // Every kind of runtimes/manifest.json is on offer, family by family.
  await expect(page.getByLabel('Kind').locator('option')).toHaveText(knownKinds().filter((kind) => kind !== 'blackbox'));
  await expect(page.getByLabel('Kind').locator('option')).toContainText(['nodejs:18', 'python:3.13', 'ruby:3.3', 'php:8.4', 'java:21']);
  await setEditorText(page, 'Code editor', FIRST);
  await snap('action-new');
  await page.keyboard.press('ControlOrMeta+s');

  await expect(page).toHaveURL(new RegExp(`/actions/${name}$`));
  await expect(page.getByTestId('action-version')).toHaveText('v0.0.1');
  expect((await api.request('GET', `/namespaces/_/actions/${name}`)).body.exec.code).toBe(FIRST);

  await setEditorText(page, 'Payload editor', '{ "name": "Playwright" }');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const output = page.getByRole('region', { name: 'Run output' });
  const logs = output.getByRole('log', { name: 'Logs' });
  // The first line arrives while the action is still running: it streams.
  await expect(logs.getByText('step 1: greeting Playwright')).toBeVisible();
  await expect(output.getByText('running')).toBeVisible();
  await expect(logs.getByText('step 2: done')).toBeHidden();
  await snap('action-running');
  await expect(output.getByLabel('Result')).toContainText('"Hello, Playwright!"');
  await expect(output.getByText('success')).toBeVisible();
  await expect(logs.getByText('step 2: done')).toBeVisible();
  await expect(output.getByTestId('run-duration')).toHaveText(/\d+(\.\d+)? (ms|s)/);
  await expect(output.getByText(/^(cold|warm)$/)).toBeVisible();
  await snap('action-run');

  // Edit by typing, and the unsaved state shows; save makes 0.0.2.
  await page.getByRole('textbox', { name: 'Code editor' }).focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('// v2: typed by hand');
  await expect(page.getByText('Unsaved changes', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('action-version')).toHaveText('v0.0.2');
  await expect(page.getByText('Unsaved changes', { exact: true })).toBeHidden();

  await page.getByRole('tab', { name: 'Versions' }).click();
  const versions = page.getByRole('list', { name: 'Versions' });
  await expect(versions.getByRole('listitem')).toHaveCount(2);
  await expect(versions.getByRole('listitem', { name: 'Version 0.0.2' })).toContainText('current');
  await expect(versions.getByRole('listitem', { name: 'Version 0.0.2' })).toContainText('code');
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('0.0.1');
  await expect(page.getByLabel('To', { exact: true })).toHaveValue('0.0.2');
  const diff = page.getByTestId('version-diff');
  await expect(diff.getByText('// v2: typed by hand')).toBeVisible();
  await expect(diff.locator('.line-insert, .char-insert').first()).toBeVisible();
  expect((await api.request('GET', `/namespaces/_/actions/${name}`)).body.exec.code).toBe(`${FIRST}// v2: typed by hand`);
  await snap('action-versions-diff');

  await page.getByRole('button', { name: 'Roll back to 0.0.1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back to 0.0.1?' });
  await expect(dialog).toContainText('saved as a new version');
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('action-version')).toHaveText('v0.0.3');
  await expect(versions.getByRole('listitem')).toHaveCount(3);
  expect((await api.request('GET', `/namespaces/_/actions/${name}`)).body.exec.code).toBe(FIRST);

  // The code tab kept its payload and last run; the rolled-back code runs.
  await page.getByRole('tab', { name: 'Code' }).click();
  await expect(output.getByLabel('Result')).toContainText('"Hello, Playwright!"');
  await setEditorText(page, 'Payload editor', '{ "name": "again" }');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(output.getByLabel('Result')).toContainText('"Hello, again!"', { timeout: 30_000 });
});

test('creates a Ruby action from its template and runs it', async ({ page, signIn }) => {
  await signIn();
  await page.goto('/actions/new');
  const name = unique('ruby-hello');
  await page.getByLabel('Action name').fill(name);
  await page.getByLabel('Kind').selectOption('ruby:default');
  // The template follows the kind, in Ruby's editor mode.
  await expect(page.locator('.monaco-editor .view-lines').first()).toContainText('main(args)');
  await expect(page.locator('.statusline')).toContainText('ruby');
  await page.keyboard.press('ControlOrMeta+s');

  await expect(page).toHaveURL(new RegExp(`/actions/${name}$`));
  await expect(page.locator('.badge', { hasText: 'ruby:3.3' })).toBeVisible();
  await setEditorText(page, 'Payload editor', '{ "name": "Playwright" }');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const output = page.getByRole('region', { name: 'Run output' });
  await expect(output.getByLabel('Result')).toContainText('"Hello, Playwright!"', { timeout: 30_000 });
  await expect(output.getByText('success')).toBeVisible();
  await expect(output.getByRole('log', { name: 'Logs' }).getByText('Saying hello to Playwright')).toBeVisible();
});

test('validates with the server rules and shows the server message', async ({ page, api, signIn, snap }) => {
  await signIn();
  const name = unique('limits');
  await api.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main() { return {} }' } });
  await page.goto(`/actions/${name}`);
  await page.getByRole('tab', { name: 'Configuration' }).click();

  // Same zod schema as the API: the same words, before anything is sent.
  await page.getByLabel('Timeout (ms)').fill('50');
  await expect(page.getByText('limits.timeout must be at least 100 milliseconds')).toBeVisible();
  await page.getByLabel('Memory (MB)').fill('4096');
  await expect(page.getByText('limits.memory must be at most 512 MB')).toBeVisible();
  await page.keyboard.press('ControlOrMeta+s');
  await expect(alerts(page).first()).toContainText('limits.timeout must be at least 100 milliseconds');
  await snap('action-config-invalid');
  await page.getByLabel('Timeout (ms)').fill('3000');
  await page.getByLabel('Memory (MB)').fill('128');

  // Rules only the server checks come back in its own message.
  await page.getByLabel('Function name').fill('1nope');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(alerts(page)).toHaveText('exec.main "1nope" is not a function name.');
  await page.getByLabel('Function name').fill('');

  await page.getByRole('button', { name: 'Add parameter' }).click();
  await page.getByLabel('Parameters 1 key').fill('greeting');
  await page.getByLabel('Parameters 1 value').fill('{"lang": "en"}');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('action-version')).toHaveText('v0.0.2');
  const saved = (await api.request('GET', `/namespaces/_/actions/${name}`)).body;
  expect(saved.limits).toMatchObject({ timeout: 3000, memory: 128 });
  expect(saved.parameters).toEqual([{ key: 'greeting', value: { lang: 'en' } }]);
  await snap('action-config');

  // Creating over an existing name: refused, in the console's words.
  await page.goto('/actions/new');
  await page.getByLabel('Action name').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(alerts(page)).toContainText(`An action named ${name} already exists`);
});

test('keeps named test payloads per action', async ({ page, api, signIn }) => {
  await signIn();
  const name = unique('payloads');
  await api.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main(p) { return { got: p } }' } });
  await page.goto(`/actions/${name}`);
  await setEditorText(page, 'Payload editor', '{ "who": "Ada" }');
  await page.getByRole('button', { name: 'Save payload…' }).click();
  const form = page.getByRole('form', { name: 'Save test payload' });
  await form.getByLabel('Payload name').fill('ada');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByLabel('Saved payloads')).toHaveValue('ada');

  await page.reload();
  await page.getByLabel('Saved payloads').selectOption('ada');
  // Ctrl/Cmd-Enter runs from inside the code editor, without editing it.
  await page.getByRole('textbox', { name: 'Code editor' }).focus();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('region', { name: 'Run output' }).getByLabel('Result')).toContainText('"who": "Ada"');
  await expect(page.getByText('Unsaved changes', { exact: true })).toBeHidden();
  const annotations = (await api.request('GET', `/namespaces/_/actions/${name}`)).body.annotations;
  expect(annotations).toContainEqual({ key: 'brisk:testPayloads', value: [{ name: 'ada', payload: { who: 'Ada' } }] });
});

test('asks before leaving with unsaved changes', async ({ page, api, signIn }) => {
  await signIn();
  const name = unique('guarded');
  await api.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main() { return {} }' } });
  await page.goto(`/actions/${name}`);
  await setEditorText(page, 'Code editor', 'function main() { return { edited: true } }');
  await expect(page.getByText('Unsaved changes', { exact: true })).toBeVisible();

  const questions: string[] = [];
  page.once('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('link', { name: 'Activations', exact: true }).click();
  await expect.poll(() => questions).toEqual(['You have unsaved changes. Leave this page and discard them?']);
  await expect(page).toHaveURL(new RegExp(`/actions/${name}$`));

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('link', { name: 'Activations', exact: true }).click();
  await expect(page).toHaveURL(/\/activations$/);
});

test('deletes an action after asking', async ({ page, api, signIn }) => {
  await signIn();
  const name = unique('doomed');
  await api.putAction(name, { exec: { kind: 'python:default', code: 'def main(p):\n    return {}\n' } });
  await page.goto(`/actions/${name}`);
  await expect(page.getByRole('tab', { name: 'Code' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/actions$/);
  await page.getByLabel('Search actions').fill(name);
  await expect(page.getByText('No actions match')).toBeVisible();
  expect((await api.request('GET', `/namespaces/_/actions/${name}`)).status).toBe(404);
});
