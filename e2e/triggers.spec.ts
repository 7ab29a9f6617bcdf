// Triggers, rules and packages in the console: a trigger and a rule made in
// the console, fired with a payload, followed to the action activation it
// started; a disabled rule fires nothing (204). Packages: one with a
// parameter, a binding to it, and a delete that takes its actions along.
import { alerts, expect, setEditorText, test, unique } from './support/fixtures';

const ECHO = 'function main(params) { return { received: params } }';

test('fires a trigger through a rule and follows it to the action activation', async ({ page, api, signIn, snap }) => {
  await signIn();
  const action = unique('echo');
  const trigger = unique('tick');
  const rule = unique('on-tick');
  expect((await api.putAction(action, { exec: { kind: 'nodejs:default', code: ECHO } })).status).toBe(200);
  const nav = page.getByRole('navigation', { name: 'Console' });

  // A trigger with a parameter; a name the server would refuse is refused in the form, in its words.
  await page.goto('/dashboard');
  await nav.getByRole('link', { name: 'Triggers' }).click();
  await page.getByRole('button', { name: 'New trigger' }).click();
  const triggerForm = page.getByRole('form', { name: 'New trigger' });
  await triggerForm.getByLabel('Trigger name').fill('no/slashes');
  await triggerForm.getByRole('button', { name: 'Create trigger' }).click();
  await expect(triggerForm.getByRole('alert').first()).toContainText('The trigger name "no/slashes" is not valid');
  await triggerForm.getByLabel('Trigger name').fill(trigger);
  await triggerForm.getByRole('button', { name: 'Add parameter' }).click();
  await triggerForm.getByLabel('Parameters 1 key').fill('source');
  await triggerForm.getByLabel('Parameters 1 value').fill('console');
  await snap('triggers-new');
  await triggerForm.getByRole('button', { name: 'Create trigger' }).click();
  await expect(page).toHaveURL(new RegExp(`/triggers/${trigger}$`));
  await expect(page.getByRole('heading', { name: trigger })).toBeVisible();

  // A rule from the trigger to the action, picked from lists; it starts active.
  await nav.getByRole('link', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'New rule' }).click();
  const ruleForm = page.getByRole('form', { name: 'New rule' });
  await ruleForm.getByLabel('Rule name').fill(rule);
  await ruleForm.getByLabel('Trigger', { exact: true }).selectOption(trigger);
  // The action is typed (bindings and shared packages can be named too); one that does not exist is refused in the server's words.
  await ruleForm.getByLabel('Action', { exact: true }).fill(`${action}-missing`);
  await ruleForm.getByRole('button', { name: 'Create rule' }).click();
  await expect(alerts(page).filter({ hasText: 'Create it before the rule.' })).toBeVisible();
  await ruleForm.getByLabel('Action', { exact: true }).fill(action);
  await snap('rules-new');
  await ruleForm.getByRole('button', { name: 'Create rule' }).click();
  await expect(page).toHaveURL(new RegExp(`/rules/${rule}$`));
  await expect(page.getByRole('switch', { name: `Rule ${rule} enabled` })).toBeChecked();
  await snap('rule-detail');

  // Fire it with a payload.
  await page.goto(`/triggers/${trigger}`);
  await expect(page.getByRole('table', { name: 'Rules of the trigger' })).toContainText(rule);
  await setEditorText(page, 'Payload editor', '{ "message": "hello from e2e" }');
  const fire = page.getByRole('region', { name: 'Fire', exact: true });
  await fire.getByRole('button', { name: 'Fire', exact: true }).click();
  await expect(fire.getByRole('status')).toContainText('Trigger activation');
  const triggerActivation = (await fire.getByRole('status').getByRole('link').textContent())?.trim() ?? '';
  expect(triggerActivation).toMatch(/^[0-9a-f]{32}$/);

  // What it fired: the rule, and the action activation it started, once that ends.
  const firings = page.getByRole('region', { name: 'Recent firings' });
  const outcome = firings.getByRole('listitem', { name: `Rule guest/${rule}` });
  await expect(outcome).toContainText(action);
  await expect(outcome).toContainText('success', { timeout: 60_000 });
  await snap('trigger-detail');
  await firings.scrollIntoViewIfNeeded();
  await snap('trigger-firings');

  // The trigger activation in the viewer: the payload is its result, its logs name the rule.
  await firings.getByRole('link', { name: `Activation ${triggerActivation}` }).click();
  await expect(page).toHaveURL(new RegExp(`/activations/${triggerActivation}$`));
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('"message": "hello from e2e"');
  await expect(page.getByRole('log', { name: 'Logs' })).toContainText(`"rule":"guest/${rule}"`);
  // It is a trigger's: the title leads to the trigger, and the action activation it started is listed.
  await expect(page.getByRole('heading', { level: 1 }).getByRole('link')).toHaveAttribute('href', `/triggers/${trigger}`);
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('trigger');
  await expect(page.getByRole('region', { name: 'Started by this firing' }).getByRole('listitem')).toHaveCount(1);
  await snap('trigger-activation');

  // The action's activation: trigger parameters under the payload, caused by the trigger activation.
  await page.goBack();
  await firings
    .getByRole('listitem', { name: `Rule guest/${rule}` })
    .getByRole('link', { name: /^Action activation / })
    .click();
  await expect(page).toHaveURL(/\/activations\/[0-9a-f]{32}$/);
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('"message": "hello from e2e"');
  await expect(result).toContainText('"source": "console"');
  await expect(page.getByRole('region', { name: 'Summary' }).getByRole('link', { name: triggerActivation })).toBeVisible();
  await snap('trigger-action-activation');

  // The lists.
  await nav.getByRole('link', { name: 'Triggers' }).click();
  const triggerRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: trigger, exact: true }) });
  await expect(triggerRow).toContainText('1 of 1 active');
  await snap('triggers');

  // Disabled, the rule fires nothing: the API's 204, and no new trigger activation.
  await nav.getByRole('link', { name: 'Rules' }).click();
  const ruleRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: rule, exact: true }) });
  await expect(ruleRow).toContainText(trigger);
  await expect(ruleRow).toContainText(action);
  await ruleRow.getByRole('switch', { name: `Rule ${rule} enabled` }).click();
  await expect(ruleRow.getByRole('switch', { name: `Rule ${rule} enabled` })).not.toBeChecked();
  await expect(ruleRow).toContainText('inactive');
  await expect(ruleRow.getByRole('switch', { name: `Rule ${rule} enabled` })).toBeEnabled();
  await snap('rules');
  expect((await api.request('GET', `/namespaces/_/rules/${rule}`)).body.status).toBe('inactive');

  await page.goto(`/triggers/${trigger}`);
  await setEditorText(page, 'Payload editor', '{ "message": "again" }');
  await fire.getByRole('button', { name: 'Fire', exact: true }).click();
  await expect(fire.getByRole('status')).toContainText('No active rule');
  await expect(firings.getByRole('table', { name: 'Trigger activations' }).getByRole('row')).toHaveCount(2); // header + the first firing
  await snap('trigger-no-active-rule');
});

test('creates a package with a parameter and a binding to it, and deletes the package with its actions', async ({ page, api, signIn, snap }) => {
  await signIn();
  const pkg = unique('tools');
  const binding = unique('mytools');
  const nav = page.getByRole('navigation', { name: 'Console' });

  await page.goto('/dashboard');
  await nav.getByRole('link', { name: 'Packages' }).click();
  await page.getByRole('button', { name: 'New package' }).click();
  const form = page.getByRole('form', { name: 'New package' });
  await form.getByLabel('Package name').fill(pkg);
  await form.getByRole('button', { name: 'Add parameter' }).click();
  await form.getByLabel('Parameters 1 key').fill('greeting');
  await form.getByLabel('Parameters 1 value').fill('hello');
  await form.getByRole('checkbox', { name: /Publish/ }).check();
  await snap('packages-new');
  await form.getByRole('button', { name: 'Create package' }).click();
  await expect(page).toHaveURL(new RegExp(`/packages/${pkg}$`));
  await expect(page.getByRole('heading', { name: pkg })).toBeVisible();
  expect((await api.request('GET', `/namespaces/_/packages/${pkg}`)).body).toMatchObject({ publish: true, parameters: [{ key: 'greeting', value: 'hello' }] });

  // Its actions link to the action editor.
  expect((await api.putAction(`${pkg}/hello`, { exec: { kind: 'nodejs:default', code: ECHO } })).status).toBe(200);
  await page.reload();
  const actions = page.getByRole('region', { name: 'Actions in the package' });
  await expect(actions.getByRole('link', { name: 'hello' })).toHaveAttribute('href', `/actions/${pkg}/hello`);
  await snap('package-detail');
  // "New action" starts a new action inside the package.
  await actions.getByRole('link', { name: 'New action' }).click();
  await expect(page.getByLabel('Action name')).toHaveValue(`${pkg}/`);
  await page.goBack();

  // The same name again: refused.
  await nav.getByRole('link', { name: 'Packages' }).click();
  await page.getByRole('button', { name: 'New package' }).click();
  await form.getByLabel('Package name').fill(pkg);
  await form.getByRole('button', { name: 'Create package' }).click();
  await expect(alerts(page).filter({ hasText: 'already exists' })).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();

  const pkgRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: pkg, exact: true }) });
  await expect(pkgRow).toContainText('package');
  await expect(pkgRow).toContainText('published');
  await expect(pkgRow.getByRole('cell').nth(4)).toHaveText('1');

  // A binding to it, with a parameter of its own over the package's.
  await page.getByRole('button', { name: 'New binding' }).click();
  const bindingForm = page.getByRole('form', { name: 'New binding' });
  await bindingForm.getByLabel('Binding name').fill(binding);
  await bindingForm.getByLabel('Bound package').fill(`/guest/${pkg}`);
  await bindingForm.getByRole('button', { name: 'Add parameter' }).click();
  await bindingForm.getByLabel('Parameters 1 key').fill('greeting');
  await bindingForm.getByLabel('Parameters 1 value').fill('hi');
  await bindingForm.getByRole('button', { name: 'Create binding' }).click();
  await expect(page).toHaveURL(new RegExp(`/packages/${binding}$`));
  await expect(page.getByRole('main')).toContainText(`Bound to /guest/${pkg}`);
  await expect(page.getByRole('region', { name: 'Parameters its actions get' })).toContainText('"greeting": "hi"');
  await expect(page.getByRole('region', { name: 'Actions in the package' }).getByRole('link', { name: 'hello' })).toBeVisible();
  await snap('binding-detail');

  await nav.getByRole('link', { name: 'Packages' }).click();
  const bindingRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: binding, exact: true }) });
  await expect(bindingRow).toContainText('binding');
  await expect(bindingRow).toContainText(`/guest/${pkg}`);
  await snap('packages');

  // Delete the package: it holds an action, so the dialog says so and deletes it too (force).
  await pkgRow.getByRole('link', { name: pkg, exact: true }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Delete ${pkg} and its actions?`);
  await expect(dialog).toContainText('holds 1 action');
  await snap('package-delete');
  await dialog.getByRole('button', { name: 'Delete with its actions' }).click();
  await expect(page).toHaveURL(/\/packages$/);
  await expect(page.getByRole('link', { name: pkg, exact: true })).toHaveCount(0);
  expect((await api.request('GET', `/namespaces/_/actions/${pkg}/hello`)).status).toBe(404);
  expect((await api.request('GET', `/namespaces/_/packages/${pkg}`)).status).toBe(404);
});
