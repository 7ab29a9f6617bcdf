// The activations viewer: live tail, filters, keyset pages, and the detail
// view with searchable logs.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect, test, unique, waitForActivations } from './support/fixtures';

const LOGGER = `function main(p) {
  console.log('stdout-line for ' + p.n);
  console.error('stderr-line for ' + p.n);
  if (p.fail) return { error: 'asked to fail' };
  return { n: p.n };
}`;

test('live tail shows an activation made through the REST API', async ({ page, api, signIn, snap }) => {
  await signIn();
  const name = unique('tailed');
  await api.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main() { return { tailed: true } }' } });
  await page.goto('/activations');
  await page.getByRole('button', { name: 'Live tail' }).click();
  await expect(page.getByRole('status')).toContainText('Live: new activations appear as they finish');

  const accepted = await api.invoke(name, {}, { blocking: false });
  expect(accepted.status).toBe(202);
  const id: string = accepted.body.activationId;
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Activation ${id}` }) });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText(name);
  await expect(row).toContainText('success');
  await snap('activations-live-tail');

  await page.getByRole('button', { name: 'Stop live tail' }).click();
  await expect(page.getByRole('link', { name: `Activation ${id}` })).toBeVisible();
});

test('filters by action and status, pages with keysets, and shows an activation in detail', async ({ page, api, signIn, snap }) => {
  await signIn();
  const name = unique('logger');
  await api.putAction(name, { exec: { kind: 'nodejs:default', code: LOGGER } });
  // One at a time (blocking), so one warm container serves them all.
  for (let n = 1; n <= 26; n++) await api.invoke(name, { n, ...(n === 13 ? { fail: true } : {}) });
  await waitForActivations(api, name, 26);

  await page.goto('/activations');
  // How long records are kept, the platform's default here.
  await expect(page.getByText('Records are kept 7 days')).toBeVisible();
  const table = page.getByRole('table', { name: 'Activations' });
  const rows = table.getByRole('row');
  await expect(table).toHaveAttribute('aria-busy', 'false');
  await page.getByLabel('Action filter').fill(name);
  // Until the filtered page arrives (the filter waits 300 ms for typing to stop) the previous rows show, marked busy.
  await expect(table).toHaveAttribute('aria-busy', 'true');
  await page.getByLabel('Per page').selectOption('25');
  await expect(table).toHaveAttribute('aria-busy', 'false');
  await expect(rows).toHaveCount(26); // header + 25
  await page.getByRole('button', { name: 'Older →' }).click();
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Older →' })).toBeDisabled();
  await page.getByRole('button', { name: '← Newer' }).click();
  await expect(rows).toHaveCount(26);
  await expect(page.getByRole('button', { name: '← Newer' })).toBeDisabled();
  await snap('activations');

  await page.getByLabel('Status filter').selectOption('application-error');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('application error');
  await page.getByLabel('Time range').selectOption('15m');
  await expect(rows).toHaveCount(2);

  await rows
    .nth(1)
    .getByRole('link', { name: /^Activation / })
    .click();
  await expect(page).toHaveURL(/\/activations\/[0-9a-f]{32}$/);
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('"error": "asked to fail"');
  const logs = page.getByRole('log', { name: 'Logs' });
  await expect(logs.getByText('stdout-line for 13')).toBeVisible();
  await expect(logs.getByText('stderr-line for 13')).toBeVisible();
  await expect(logs.locator('.line.stderr')).toHaveCount(1);
  await page.getByLabel('Search logs').fill('stderr-line');
  await expect(logs.getByText('stdout-line for 13')).toBeHidden();
  await expect(page.getByText('1 of 2 lines')).toBeVisible();
  await page.getByLabel('Search logs').fill('');
  await page.getByRole('group', { name: 'Stream' }).getByRole('button', { name: 'stdout' }).click();
  await expect(logs.getByText('stderr-line for 13')).toBeHidden();
  await expect(page.getByRole('region', { name: 'Timing' })).toContainText('wait');
  await expect(page.getByRole('region', { name: 'Annotations' })).toContainText('waitTime');
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('none (invoked directly)');
  await snap('activation-detail');
});

test("shows a sequence activation's components as a waterfall, linked both ways", async ({ page, brisk, signIn, snap }) => {
  // Records as the sequence runner writes them: the sequence's own, whose
  // logs list its components, and one per component with cause = its id.
  const ids = Array.from({ length: 3 }, () => randomBytes(16).toString('hex'));
  const [sequence, first, second] = ids as [string, string, string];
  const t0 = Date.now() - 5_000;
  const client = new pg.Client({ connectionString: brisk.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "Namespace" WHERE name = 'guest'`);
    const insert = (id: string, path: string, start: number, duration: number, extra: { cause?: string; logs?: string[]; kind: string; initTime?: number }) =>
      client.query(
        `INSERT INTO "Activation" ("activationId", "namespaceId", name, path, version, subject, start, "end", duration, "statusCode", success, result, logs, annotations, cause)
         VALUES ($1, $2, $3, $3, '0.0.1', 'guest', $4, $5, $6, 0, true, $7, $8, $9, $10)`,
        [
          id,
          rows[0]!.id,
          path,
          new Date(start),
          new Date(start + duration),
          duration,
          JSON.stringify({ text: 'HEY!' }),
          extra.logs ?? [],
          JSON.stringify([
            { key: 'path', value: `guest/${path}` },
            { key: 'kind', value: extra.kind },
            ...(extra.initTime ? [{ key: 'initTime', value: extra.initTime }] : []),
          ]),
          extra.cause ?? null,
        ],
      );
    await insert(sequence, 'wf-seq', t0, 900, { kind: 'sequence', logs: [first, second] });
    await insert(first, 'wf-shout', t0 + 10, 400, { kind: 'nodejs:18', cause: sequence, initTime: 150 });
    await insert(second, 'wf-exclaim', t0 + 420, 470, { kind: 'python:3', cause: sequence });
  } finally {
    await client.end();
  }

  await signIn();
  await page.goto(`/activations/${sequence}`);
  const components = page.getByRole('region', { name: 'Components' });
  const steps = components.getByRole('list', { name: 'Component activations' }).getByRole('listitem');
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(0)).toHaveAccessibleName('1. wf-shout: 400 ms');
  await expect(steps.nth(1)).toHaveAccessibleName('2. wf-exclaim: 470 ms');
  await expect(components).toContainText('total 900 ms');
  await snap('activation-sequence-waterfall');

  await steps
    .nth(1)
    .getByRole('link', { name: /wf-exclaim/ })
    .click();
  await expect(page).toHaveURL(new RegExp(`/activations/${second}$`));
  await page.getByRole('region', { name: 'Summary' }).getByRole('link', { name: sequence }).click();
  await expect(page).toHaveURL(new RegExp(`/activations/${sequence}$`));
});
