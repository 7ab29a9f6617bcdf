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
