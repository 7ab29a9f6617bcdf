// Sequences: built from existing actions in order, reordered, run; the run
// shows each component's activation as a waterfall.
import type { ApiClient } from '../packages/testing/src/api-client.ts';
import { alerts, expect, setEditorText, test, unique } from './support/fixtures';

async function components(api: ApiClient) {
  const first = unique('shout');
  const second = unique('exclaim');
  await api.putAction(first, {
    exec: { kind: 'nodejs:default', code: "function main(p) { console.log('shouting'); return { text: String(p.text).toUpperCase() } }" },
  });
  await api.putAction(second, { exec: { kind: 'python:default', code: 'def main(p):\n    print("exclaiming")\n    return {"text": p["text"] + "!"}\n' } });
  return { first, second };
}

test('builds a sequence from existing actions and reorders its steps', async ({ page, api, signIn, snap }) => {
  await signIn();
  const { first, second } = await components(api);
  const name = unique('seq');

  await page.goto('/actions');
  await page.getByRole('link', { name: 'New sequence' }).click();
  await expect(page.getByRole('heading', { name: 'New sequence' })).toBeVisible();
  await page.getByLabel('Action name').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(alerts(page).first()).toContainText('A sequence needs at least one action.');

  for (const component of [second, first]) {
    await page.getByLabel('Action to add').selectOption(component);
    await page.getByRole('button', { name: 'Add step' }).click();
  }
  const steps = page.getByRole('list', { name: 'Sequence components' }).getByRole('listitem');
  await expect(steps).toHaveText([new RegExp(second), new RegExp(first)]);
  await page.getByRole('button', { name: `Move ${first} up` }).click();
  await expect(steps).toHaveText([new RegExp(first), new RegExp(second)]);
  await snap('sequence-new');
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page).toHaveURL(new RegExp(`/actions/${name}$`));
  await expect(page.getByTestId('action-version')).toHaveText('v0.0.1');

  const saved = (await api.request('GET', `/namespaces/_/actions/${name}`)).body;
  expect(saved.exec).toMatchObject({ kind: 'sequence', components: [`/guest/${first}`, `/guest/${second}`] });

  // Reorder again: a new version.
  await page.getByRole('button', { name: `Move ${second} up` }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('action-version')).toHaveText('v0.0.2');
  expect((await api.request('GET', `/namespaces/_/actions/${name}`)).body.exec.components).toEqual([`/guest/${second}`, `/guest/${first}`]);
});

test('runs a sequence and shows its components as a waterfall', async ({ page, api, signIn, snap }) => {
  const { first, second } = await components(api);
  const name = unique('seqrun');
  await api.putAction(name, { exec: { kind: 'sequence', components: [`/_/${first}`, `/_/${second}`] } });
  // The sequence runs through the API before the console shows it.
  const probe = await api.invoke(name, { text: 'probe' });
  expect(probe.status).toBe(200);

  await signIn();
  await page.goto(`/actions/${name}`);
  await setEditorText(page, 'Payload editor', '{ "text": "hey" }');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const output = page.getByRole('region', { name: 'Run output' });
  await expect(output.getByLabel('Result')).toContainText('"HEY!"', { timeout: 60_000 });
  const waterfall = output.getByRole('list', { name: 'Component activations' });
  await expect(waterfall.getByRole('listitem')).toHaveCount(2);
  // Each names its duration; a component that ran in under a millisecond reads "<1 ms".
  await expect(waterfall.getByRole('listitem').nth(0)).toHaveAccessibleName(new RegExp(`^1\\. ${first}: (<1 ms|\\d[\\d.]* m?s)`));
  await expect(waterfall.getByRole('listitem').nth(1)).toHaveAccessibleName(new RegExp(`^2\\. ${second}: (<1 ms|\\d[\\d.]* m?s)`));
  await snap('sequence-run');

  // The sequence's activation page shows the same waterfall; a component links back to it.
  await output.getByRole('link', { name: /→$/ }).click();
  await expect(page.getByRole('region', { name: 'Components' }).getByRole('listitem')).toHaveCount(2);
  await snap('sequence-activation');
  await page
    .getByRole('region', { name: 'Components' })
    .getByRole('link', { name: new RegExp(first) })
    .click();
  await expect(page.getByRole('region', { name: 'Summary' }).getByRole('link')).toBeVisible();
});
