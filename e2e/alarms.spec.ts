// An alarm trigger made in the console: the cron field is checked by the
// server as it is typed, the schedule is shown in words with its next fires,
// and the rule's activations arrive on their own.
import { expect, test, unique } from './support/fixtures';

test('creates an alarm trigger, sees its next fire times, and sees its rule’s activations arrive', async ({ page, api, signIn, snap }) => {
  await signIn();
  const action = unique('on-alarm');
  const trigger = unique('every-2s');
  const rule = unique('alarm-rule');
  expect((await api.putAction(action, { exec: { kind: 'nodejs:default', code: 'function main(params) { return params; }' } })).status).toBe(200);

  await page.goto('/triggers');
  await page.getByRole('button', { name: 'New trigger' }).click();
  const form = page.getByRole('form', { name: 'New trigger' });
  await form.getByLabel('Trigger name').fill(trigger);
  await form.getByRole('group', { name: 'What fires the trigger' }).getByRole('button', { name: 'On a schedule' }).click();

  // Checked as typed, in the alarms provider's words; then in words once right.
  const cron = form.getByLabel('Cron pattern');
  await cron.fill('61 * * * *');
  await expect(form.locator('#alarm-check')).toContainText("cron pattern '61 * * * *' is not valid");
  await expect(cron).toHaveAttribute('aria-invalid', 'true');
  await cron.fill('*/2 * * * * *');
  await expect(form.locator('#alarm-check')).toContainText('Every 2 seconds (UTC)');
  await expect(form.getByRole('list', { name: 'Next fires' }).getByRole('listitem')).toHaveCount(5);
  await form.getByLabel('Payload (optional)').fill('{"from": "alarm"}');
  await snap('trigger-new-alarm');
  await form.getByRole('button', { name: 'Create trigger' }).click();
  await expect(page).toHaveURL(new RegExp(`/triggers/${trigger}$`));

  const alarm = page.getByRole('region', { name: 'Alarm' });
  await expect(alarm).toContainText('Every 2 seconds (UTC)');
  await expect(alarm).toContainText('active');
  await expect(alarm.getByRole('list', { name: 'Next fires' }).getByRole('listitem')).toHaveCount(5);

  // A rule to the action: its activations then arrive without a reload.
  expect((await api.request('PUT', `/namespaces/_/rules/${rule}`, { body: { trigger: `/_/${trigger}`, action: `/_/${action}` } })).status).toBe(200);
  const firings = page.getByRole('region', { name: 'Recent firings' });
  await expect(firings.getByRole('listitem', { name: `Rule guest/${rule}` }).first()).toContainText('success', { timeout: 20_000 });
  await expect(alarm.getByText(/^[1-9]\d* times?$/)).toBeVisible({ timeout: 10_000 });
  await snap('trigger-alarm');
  // Its alarm goes with it: the rest of the browser tests run undisturbed.
  expect((await api.request('DELETE', `/namespaces/_/triggers/${trigger}`)).status).toBe(200);
});
