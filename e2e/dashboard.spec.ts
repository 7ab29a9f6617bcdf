// The dashboard charts activations aggregated in SQL.
import { expect, test, unique } from './support/fixtures';

test('charts invocations, errors, durations and cold starts, per action', async ({ page, api, signIn, snap }) => {
  const name = unique('charted');
  await api.putAction(name, { exec: { kind: 'nodejs:default', code: "function main(p) { if (p.fail) throw new Error('boom'); return {} }" } });
  for (const params of [{}, {}, { fail: true }]) await api.invoke(name, params);

  await signIn();
  await page.goto('/dashboard');
  await page.getByLabel('Action', { exact: true }).selectOption(name);
  const kpi = (name: string) => page.getByRole('group', { name, exact: true });
  await expect(kpi('Invocations')).toContainText(/^Invocations3last/);
  await expect(kpi('Errors')).toContainText('33.3%');
  await expect(kpi('Cold starts')).toContainText(/[1-3] cold · [0-2] warm/);
  for (const chart of ['Invocations and errors', 'Duration', 'Cold and warm starts', 'Busiest actions', 'Duration by action', 'Cold starts by action']) {
    await expect(page.getByRole('region', { name: chart, exact: true }).getByRole('application')).toBeVisible();
  }
  await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '1 hour' }).click();
  await expect(kpi('Invocations')).toContainText(/^Invocations3last 1 hour/);
  await snap('dashboard');
});

// Every action charted gets its own label, level with its bar; a long name is
// cut with an ellipsis and kept whole in its tooltip.
test('labels every bar of the per-action charts with its own action', async ({ page, otherApi, signIn, brisk }) => {
  const names = Array.from({ length: 12 }, (_, i) => unique(`bar${i}`));
  names.push(unique('an-action-with-a-name-far-too-long-for-the-axis'));
  for (const [index, name] of names.entries()) {
    expect((await otherApi.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main() { return {} }' } })).status).toBe(200);
    // Different counts, so the order of the bars is not the order of the names.
    for (let n = 0; n <= index % 3; n++) await otherApi.invoke(name);
  }
  await signIn(brisk.otherKey);
  await page.goto('/dashboard');
  const busiest = page.getByRole('region', { name: 'Busiest actions', exact: true });
  for (const name of names) await expect(busiest.locator(`text[aria-label="${name}"]`)).toBeVisible();
  const long = busiest.locator(`text[aria-label="${names[12]}"]`);
  await expect(long).toContainText('…');
  await expect(long.locator('title')).toHaveText(names[12]!);

  // Each label is level with a bar: no two labels share a row, and there are as many rows as bars.
  const rows = await busiest.locator('text[aria-label]').evaluateAll((labels) => labels.map((label) => Math.round(label.getBoundingClientRect().top)));
  expect(new Set(rows).size).toBe(rows.length);
  expect(await busiest.locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(rows.length);
});
