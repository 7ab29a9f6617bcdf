// Push-to-deploy in the console: a repository on a real git server is
// connected in the form, which shows the webhook's URL and secret; signed
// push deliveries deploy each commit, whose live log, changes and action
// the console shows (the action says it is deployed from git); rolling back
// to the first deployment restores its code.
import AdmZip from 'adm-zip';
import { type GitServer, type RemoteRepo, startGitServer } from '../packages/testing/src/git-server.ts';
import { pushDelivery, sendDelivery, ZERO_COMMIT } from '../packages/testing/src/github-webhook.ts';
import { alerts, expect, test, unique } from './support/fixtures';

const greet = (version: string) => `function main(params) { return { text: params.greeting + ' ${version}' }; }\n`;
const AUTHOR = { name: 'Ada Lovelace', email: 'ada@example.com', username: 'ada' };

let gitServer: GitServer;
let repo: RemoteRepo;

test.beforeAll(async () => {
  gitServer = await startGitServer();
  repo = await gitServer.createRepo(unique('site'));
});

test.afterAll(async () => {
  await gitServer?.close();
});

test('connects a repository, deploys pushes with a live log, and rolls back', async ({ page, api, brisk, signIn, snap }) => {
  test.setTimeout(240_000);
  await signIn();
  const source = unique('site');
  const pkg = unique('web');
  const action = `${pkg}/greet`;
  const manifest = `packages:\n  ${pkg}:\n    actions:\n      greet:\n        function: src/greet.js\n        inputs:\n          greeting: $GREETING\n`;
  const first = await repo.commit({ 'manifest.yaml': manifest, 'src/greet.js': greet('v1') }, { message: 'First greeting\n\nWith a body.' });

  // Connect it; a variables line the server would refuse is refused in the form first.
  await page.goto('/dashboard');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Deployments' }).click();
  await expect(page.getByRole('heading', { name: 'Deployments', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Connect repository' }).click();
  const form = page.getByRole('form', { name: 'Connect repository' });
  await form.getByLabel('Source name').fill(source);
  await form.getByLabel('Repository URL').fill(repo.url);
  await expect(form.getByLabel('Branch')).toHaveValue('main');
  await form.getByLabel('Variables').fill('GREETING Hello');
  await form.getByRole('button', { name: 'Connect repository' }).click();
  await expect(form.getByRole('alert')).toContainText("Line 1 has no '='");
  await form.getByLabel('Variables').fill('# the manifest says $GREETING\nGREETING=Hello');
  await snap('deployments-connect');
  await form.getByRole('button', { name: 'Connect repository' }).click();

  // The webhook's URL and its secret, shown once, with GitHub's steps.
  const setup = page.getByRole('region', { name: `Connected ${source}: add the webhook on GitHub` });
  await expect(setup).toBeVisible();
  await expect(setup.getByRole('heading', { name: `Connected ${source}` })).toBeFocused();
  const steps = setup.getByRole('listitem');
  await expect(steps).toHaveCount(6);
  await expect(steps.nth(0)).toContainText('Settings → Webhooks → Add webhook');
  await expect(steps.nth(2)).toContainText('application/json');
  await expect(steps.nth(4)).toContainText('Just the push event');
  const webhookUrl = await setup.getByRole('textbox', { name: 'Payload URL' }).inputValue();
  expect(webhookUrl).toMatch(new RegExp(`^${brisk.url}/api/v1/webhooks/github/[0-9a-f-]{36}$`));
  const secret = await setup.getByRole('textbox', { name: 'Secret' }).inputValue();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  await setup.getByRole('button', { name: 'Copy Secret' }).click();
  await expect(setup.getByRole('status').filter({ hasText: 'Secret copied' })).toBeAttached();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await snap('deployments-webhook');
  await setup.getByRole('button', { name: 'Done' }).click();
  await expect(setup).toHaveCount(0);

  const panel = page.getByRole('region', { name: source, exact: true });
  await expect(panel).toContainText(repo.url);
  await expect(panel).toContainText('GREETING');
  await expect(panel.getByRole('heading', { name: 'No deployments yet' })).toBeVisible();

  // A push deploys it: the deployment shows up in the source's table without a reload.
  const push1 = await sendDelivery(
    webhookUrl,
    pushDelivery({
      secret,
      repositoryUrl: repo.url,
      branch: 'main',
      before: ZERO_COMMIT,
      after: first,
      message: 'First greeting\n\nWith a body.',
      author: AUTHOR,
    }),
  );
  expect(push1.status).toBe(202);
  const firstId = ((await push1.json()) as { deployment: string }).deployment;
  const rows = panel.getByRole('table', { name: `Deployments of ${source}` }).getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('First greeting');
  await expect(rows.nth(1)).toContainText('ada');
  await expect(rows.nth(1)).toContainText('push');
  await rows
    .nth(1)
    .getByRole('link', { name: new RegExp(`^Deployment of commit ${first.slice(0, 7)}`) })
    .click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${firstId}$`));

  // Its log, followed until it ends, then what it changed.
  const log = page.getByRole('log', { name: 'Deployment log' });
  await expect(log).toContainText(`fetching commit ${first}`);
  await expect(log).toContainText(`created action ${action}`, { timeout: 60_000 });
  await expect(log).toContainText('succeeded: 2 changed');
  await expect(page.getByTestId('deployment-status')).toHaveText('succeeded');
  await expect(log).toHaveAttribute('aria-live', 'off');
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText(first);
  await expect(summary).toContainText('refs/heads/main');
  await expect(summary).toContainText('With a body.');
  const changes = page.getByRole('table', { name: 'Changes' });
  await expect(changes.getByRole('row').filter({ hasText: 'package' })).toContainText('created');
  const actionRow = changes.getByRole('row').filter({ has: page.getByRole('link', { name: action, exact: true }) });
  await expect(actionRow).toContainText('created');
  await expect(actionRow.getByRole('link', { name: action, exact: true })).toHaveAttribute('href', `/actions/${action}`);
  await snap('deployment-detail');
  expect((await api.invoke(action, {}, { blocking: true, result: true })).body).toEqual({ text: 'Hello v1' });

  // The version link opens the action's Versions tab; the action says it is deployed from git.
  await actionRow.getByRole('link', { name: `${action} version 0.0.1` }).click();
  await expect(page).toHaveURL(new RegExp(`/actions/${action}\\?version=0\\.0\\.1$`));
  await expect(page.getByRole('tab', { name: 'Versions' })).toHaveAttribute('aria-selected', 'true');
  const notice = page.getByRole('note', { name: 'Deployed from git' });
  await expect(notice).toContainText(`Deployed from git by project ${source}`);
  await expect(notice).toContainText('edits here will be overwritten by the next push');
  await expect(notice.getByRole('link', { name: `deployment ${firstId.slice(0, 8)}` })).toHaveAttribute('href', `/deployments/${firstId}`);
  await snap('deployed-action');

  // Edit the source: new variables replace the old; the token and the webhook secret stay.
  await page.goto('/deployments');
  await panel.getByRole('button', { name: 'Edit' }).click();
  const edit = panel.getByRole('form', { name: `Edit ${source}` });
  await expect(edit.getByLabel('Repository URL')).toHaveValue(repo.url);
  await expect(edit.getByLabel('Branch')).toHaveValue('main');
  await expect(edit.getByLabel('Variables')).toHaveAccessibleDescription(/Stored: GREETING\. Leave this empty to keep them/);
  await edit.getByLabel('Variables').fill('GREETING=Hi');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);
  await expect(panel).toContainText('GREETING');

  // A second push, followed live from the moment GitHub's delivery is accepted; a slow git server keeps it running a while.
  gitServer.delayMs = 1_000;
  const second = await repo.commit({ 'src/greet.js': greet('v2') }, { message: 'Second greeting', author: AUTHOR });
  const push2 = await sendDelivery(
    webhookUrl,
    pushDelivery({ secret, repositoryUrl: repo.url, branch: 'main', before: first, after: second, message: 'Second greeting', author: AUTHOR }),
  );
  expect(push2.status).toBe(202);
  const secondId = ((await push2.json()) as { deployment: string }).deployment;
  await page.goto(`/deployments/${secondId}`);
  await expect(log).toContainText(`fetching commit ${second}`);
  await expect(page.getByTestId('deployment-status')).toHaveText('running');
  await expect(log).toHaveAttribute('aria-live', 'polite');
  await expect(log).toContainText(`updated action ${action}`, { timeout: 60_000 });
  await expect(page.getByTestId('deployment-status')).toHaveText('succeeded');
  gitServer.delayMs = 0;
  await expect(changes.getByRole('row').filter({ hasText: action })).toContainText('updated');
  // The package did not change: hidden until asked for.
  await expect(changes.getByRole('row').filter({ hasText: 'package' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Show 1 unchanged' }).check();
  await expect(changes.getByRole('row').filter({ hasText: 'package' })).toContainText('unchanged');
  expect((await api.invoke(action, {}, { blocking: true, result: true })).body).toEqual({ text: 'Hi v2' });

  // Redeploy asks first; Escape cancels.
  await page.getByRole('button', { name: 'Redeploy' }).click();
  const redeployDialog = page.getByRole('dialog', { name: `Redeploy commit ${second.slice(0, 7)}?` });
  await expect(redeployDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(redeployDialog).toHaveCount(0);

  // Roll back to the first deployment: a new deployment restores its code, from the project it kept.
  await page.goto('/deployments');
  await expect(rows).toHaveCount(3);
  await rows
    .nth(2)
    .getByRole('link', { name: /^Deployment of commit / })
    .click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${firstId}$`));
  await page.getByRole('button', { name: 'Roll back' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back to this deployment?' });
  await expect(dialog).toContainText(`commit ${first.slice(0, 7)}`);
  await snap('deployment-rollback');
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/deployments/${firstId}$`));
  await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
  await expect(log).toContainText(`restoring the project ${source} as deployment ${firstId} left it`, { timeout: 60_000 });
  await expect(page.getByTestId('deployment-status')).toHaveText('succeeded');
  await expect(summary.getByRole('link', { name: firstId })).toHaveAttribute('href', `/deployments/${firstId}`);
  await expect(changes.getByRole('row').filter({ hasText: action })).toContainText('updated');
  expect((await api.invoke(action, {}, { blocking: true, result: true })).body).toEqual({ text: 'Hello v1' });
  await snap('deployment-rolled-back');

  // The list: the rollback on top, pointing at the deployment it restored.
  await page.goto('/deployments');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('rollback');
  await expect(rows.nth(1).getByRole('link', { name: firstId.slice(0, 8) })).toHaveAttribute('href', `/deployments/${firstId}`);
  await expect(alerts(page)).toHaveCount(0);
  await snap('deployments');

  // An archive uploaded through the API has no source: it is listed in a panel of its own.
  const uploadPkg = unique('up');
  const zip = new AdmZip();
  zip.addFile('manifest.yaml', Buffer.from(`packages:\n  ${uploadPkg}:\n    actions:\n      hello:\n        function: hello.js\n`));
  zip.addFile('hello.js', Buffer.from('function main() { return { uploaded: true }; }'));
  const uploaded = await api.request('POST', '/namespaces/_/deployments', {
    rawBody: zip.toBuffer(),
    headers: { 'content-type': 'application/zip' },
    query: { project: uploadPkg },
  });
  expect(uploaded.status).toBe(202);
  await page.reload();
  const uploads = page.getByRole('table', { name: 'Deployments of uploads and disconnected sources' });
  const uploadLink = uploads.getByRole('link', { name: /^Deployment of an uploaded archive, / });
  await expect(uploadLink).toHaveCount(1);
  await uploadLink.click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${uploaded.body.id}$`));
  await expect(page.getByRole('log', { name: 'Deployment log' })).toContainText(`deploying the uploaded project ${uploadPkg}`);
  await expect(page.getByTestId('deployment-status')).toHaveText('succeeded', { timeout: 60_000 });
});
