// Push-to-deploy end to end: a real git server (git http-backend on
// loopback), webhooks in GitHub's exact format and headers, signed, and a
// recording HTTP server on loopback standing in for GitHub's statuses API
// (GitHub itself cannot be reached from here). Brisk is its own instance, so
// its worker can be pointed at that stand-in.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '@brisk/testing/api-client';
import { consoleSession, readSubscription } from '@brisk/testing/console-session';
import AdmZip from 'adm-zip';
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { startGitServer, type GitServer, type RemoteRepo } from '@brisk/testing/git-server';
import { pingDelivery, pushDelivery, sendDelivery, ZERO_COMMIT, type WebhookDelivery } from '@brisk/testing/github-webhook';
import { startRecordingServer, type RecordingServer } from '@brisk/testing/recording-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let brisk: BriskInstance;
let api: ApiClient;
let git: GitServer;
let github: RecordingServer;
let repo: RemoteRepo;
let webhook: { url: string; secret: string };
const TOKEN = 'ghp_test-token-for-the-private-repo';

const MANIFEST = `
project:
  name: shop
  packages:
    shop:
      inputs:
        currency: \${CURRENCY}
      actions:
        price:
          function: src/price.js
        tax:
          function: src/tax.py
        page:
          function: src/page.js
          web: true
      sequences:
        checkout:
          actions: price, tax
      triggers:
        order-placed:
      rules:
        on-order:
          trigger: order-placed
          action: checkout
`;

const FILES = {
  'functions/manifest.yaml': MANIFEST,
  'functions/src/price.js': 'function main(p) { return { price: 10, currency: p.currency }; }',
  'functions/src/tax.py': 'def main(args):\n    return {"price": args["price"], "tax": args["price"] * 0.2}\n',
  'functions/src/page.js': 'function main() { return { body: "<h1>shop v1</h1>" }; }',
  'README.md': 'not part of the project',
};

interface DeploymentEvent {
  type: string;
  line?: string;
  deployment?: { id: string; status: string; commit: string; endedAt: number };
}

let head = ZERO_COMMIT;
async function push(files: Record<string, string>, message: string, remove?: string[]): Promise<{ commit: string; delivery: WebhookDelivery }> {
  const before = head;
  const commit = await repo.commit(files, { message, ...(remove ? { remove } : {}) });
  head = commit;
  const delivery = pushDelivery({ secret: webhook.secret, repositoryUrl: repo.url, branch: 'main', before, after: commit, message });
  return { commit, delivery };
}

async function deliver(delivery: WebhookDelivery) {
  const response = await sendDelivery(webhook.url, delivery);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function finished(id: string) {
  await expect
    .poll(async () => (await api.request('GET', `/namespaces/_/deployments/${id}`)).body.status, { timeout: 60_000, interval: 200 })
    .toMatch(/^(succeeded|failed|superseded)$/);
  return (await api.request('GET', `/namespaces/_/deployments/${id}`)).body;
}

async function deployPush(files: Record<string, string>, message: string, remove?: string[]) {
  const { commit, delivery } = await push(files, message, remove);
  const accepted = await deliver(delivery);
  expect(accepted.status).toBe(202);
  return { commit, delivery, deployment: await finished(accepted.body.deployment as string) };
}

async function state() {
  const actions = (await api.request('GET', '/namespaces/_/actions', { query: { limit: 200 } })).body as { name: string; namespace: string; version: string }[];
  return actions.map((action) => `${action.namespace}/${action.name}@${action.version}`).sort();
}

async function invoke(path: string, params: Record<string, unknown> = {}) {
  const answer = await api.request('POST', `/namespaces/_/actions/${path}`, { body: params, query: { blocking: true, result: true } });
  expect(answer.status).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  github = await startRecordingServer();
  git = await startGitServer();
  brisk = await startBrisk({ env: { BRISK_GITHUB_API_URL: github.url, BRISK_PUBLIC_URL: 'http://brisk.example' } });
  api = new ApiClient(brisk.url, brisk.guestKey);
  repo = await git.createRepo('acme/shop', { private: { token: TOKEN } });
  const connected = await api.request('PUT', '/namespaces/_/sources/shop', {
    body: { repository: repo.url, branch: 'main', path: 'functions', token: TOKEN, variables: { CURRENCY: 'EUR', DB_PASSWORD: 'hunter2-secret' } },
  });
  expect(connected.status).toBe(200);
  // Webhooks go to this instance; the document's URL uses the operator's public address.
  expect(connected.body.webhook.url).toMatch(/^http:\/\/brisk\.example\/api\/v1\/webhooks\/github\/[0-9a-f-]{36}$/);
  webhook = { url: connected.body.webhook.url.replace('http://brisk.example', brisk.url), secret: connected.body.webhook.secret };
}, 180_000);

afterAll(async () => {
  await brisk?.stop();
  await git?.close();
  await github?.close();
});

describe('connecting a repository', () => {
  it('shows the webhook secret once and never the token or variable values', async () => {
    expect(webhook.secret).toMatch(/^[0-9a-f]{64}$/);
    const read = await api.request('GET', '/namespaces/_/sources/shop');
    expect(read.body).toMatchObject({ repository: repo.url, branch: 'main', path: 'functions', token: true, variables: ['CURRENCY', 'DB_PASSWORD'] });
    expect(read.body.webhook.secret).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(TOKEN);
  });

  it('refuses file: URLs and local paths whatever the operator allows', async () => {
    for (const repository of ['file:///etc', '/srv/git/shop.git', 'ext::sh -c touch% /tmp/pwned']) {
      const put = await api.request('PUT', '/namespaces/_/sources/local', { body: { repository } });
      expect(put.status, repository).toBe(400);
    }
    expect((await api.request('GET', '/namespaces/_/sources/local')).status).toBe(404);
  });

  it('answers a ping, and ignores pushes to other branches', async () => {
    expect((await deliver(pingDelivery({ secret: webhook.secret, repositoryUrl: repo.url }))).status).toBe(200);
    const other = pushDelivery({ secret: webhook.secret, repositoryUrl: repo.url, branch: 'feature', before: ZERO_COMMIT, after: 'a'.repeat(40) });
    const answer = await deliver(other);
    expect(answer.status).toBe(202);
    expect(answer.body.ignored).toMatch(/refs\/heads\/feature/);
    expect((await api.request('GET', '/namespaces/_/deployments')).body).toEqual([]);
  });
});

describe('a push', () => {
  let first: Awaited<ReturnType<typeof deployPush>>;

  it('deploys nodejs and python actions, a web action, a sequence, package inputs, a trigger and a rule, running the committed code', async () => {
    first = await deployPush(FILES, 'first version');
    expect(first.deployment).toMatchObject({
      status: 'succeeded',
      commit: first.commit,
      cause: 'push',
      source: 'shop',
      project: 'shop',
      message: 'first version',
    });
    expect(await state()).toEqual(['guest/shop/checkout@0.0.1', 'guest/shop/page@0.0.1', 'guest/shop/price@0.0.1', 'guest/shop/tax@0.0.1']);
    expect(await invoke('shop/price')).toEqual({ price: 10, currency: 'EUR' });
    expect(await invoke('shop/checkout')).toEqual({ price: 10, tax: 2 });
    const page = await fetch(`${brisk.url}/api/v1/web/guest/shop/page`);
    expect(await page.text()).toBe('<h1>shop v1</h1>');
    const fired = await api.request('POST', '/namespaces/_/triggers/order-placed', { body: {} });
    expect(fired.status).toBe(202);
    const action = (await api.request('GET', '/namespaces/_/actions/shop/price')).body;
    expect(action.annotations.find((entry: { key: string }) => entry.key === 'whisk-managed').value).toMatchObject({
      projectName: 'shop',
      deployment: first.deployment.id,
    });
    const logs = (await api.request('GET', `/namespaces/_/deployments/${first.deployment.id}/logs`)).body.logs as string[];
    expect(logs.some((line) => line.includes('created action shop/price'))).toBe(true);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('posts commit statuses per package and a summary, with the token', async () => {
    const path = `/repos/acme/shop/statuses/${first.commit}`;
    await github.waitFor((request) => request.path === path && request.body?.context === 'brisk' && request.body?.state === 'success', 10_000);
    const mine = github.requests.filter((request) => request.path === path);
    expect(mine.map((request) => `${request.body.context}:${request.body.state}`)).toEqual(['brisk:pending', 'brisk/shop:success', 'brisk:success']);
    expect(mine[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(mine[1]!.body.target_url).toBe(`http://brisk.example/deployments/${first.deployment.id}`);
  });

  it('a redelivery deploys nothing new', async () => {
    const again = await deliver(first.delivery);
    expect(again).toMatchObject({ status: 200, body: { deployment: first.deployment.id, redelivery: true } });
    expect((await api.request('GET', '/namespaces/_/deployments')).body).toHaveLength(1);
  });

  it('a bad or missing signature is 401 and deploys nothing', async () => {
    const { delivery } = await push({ 'functions/src/price.js': 'function main() { return { forged: true }; }' }, 'unsigned');
    const forged = { ...delivery, headers: { ...delivery.headers, 'X-Hub-Signature-256': `sha256=${'0'.repeat(64)}` } };
    expect((await deliver(forged)).status).toBe(401);
    const { 'X-Hub-Signature-256': _signature, ...unsigned } = delivery.headers;
    expect((await deliver({ ...delivery, headers: unsigned })).status).toBe(401);
    expect((await api.request('GET', '/namespaces/_/deployments')).body).toHaveLength(1);
    // Put the code back for the tests that follow.
    await push({ 'functions/src/price.js': FILES['functions/src/price.js'] }, 'restore');
  });

  it('a second push updates what changed, deletes what was removed and keeps unchanged versions', async () => {
    const manifest = MANIFEST.replace('        page:\n          function: src/page.js\n          web: true\n', '');
    const second = await deployPush(
      { 'functions/manifest.yaml': manifest, 'functions/src/price.js': 'function main(p) { return { price: 20, currency: p.currency }; }' },
      'price up, page gone',
      ['functions/src/page.js'],
    );
    expect(second.deployment.status).toBe('succeeded');
    const changes = Object.fromEntries(
      (second.deployment.changes as { entity: string; name: string; change: string }[]).map((c) => [`${c.entity} ${c.name}`, c.change]),
    );
    expect(changes).toMatchObject({
      'action shop/price': 'updated',
      'action shop/tax': 'unchanged',
      'action shop/checkout': 'unchanged',
      'action shop/page': 'deleted',
      'trigger order-placed': 'unchanged',
      'rule on-order': 'unchanged',
      'package shop': 'unchanged',
    });
    expect(await state()).toEqual(['guest/shop/checkout@0.0.1', 'guest/shop/price@0.0.2', 'guest/shop/tax@0.0.1']);
    expect(await invoke('shop/checkout')).toEqual({ price: 20, tax: 4 });
  });

  it('an old signed push replayed under a new delivery id deploys nothing', async () => {
    // X-GitHub-Delivery is not covered by the signature, so whoever saw the first delivery could send it again as new.
    const deployments = (await api.request('GET', '/namespaces/_/deployments')).body.length;
    const replay = { ...first.delivery, headers: { ...first.delivery.headers, 'X-GitHub-Delivery': randomUUID() } };
    const answer = await deliver(replay);
    expect(answer.status).toBe(202);
    expect(answer.body.ignored).toMatch(/older than the last push received/);
    expect(answer.body.deployment).toBeUndefined();
    expect((await api.request('GET', '/namespaces/_/deployments')).body).toHaveLength(deployments);
    expect(await invoke('shop/checkout')).toEqual({ price: 20, tax: 4 });
  });

  it.each([
    ['a YAML error', { 'functions/manifest.yaml': 'project:\n  name: shop\n  packages: [unclosed\n' }, /manifest\.yaml:\d+/],
    [
      'an unknown runtime',
      { 'functions/manifest.yaml': MANIFEST.replace('function: src/tax.py', 'function: src/tax.py\n          runtime: cobol:85') },
      /cobol:85/,
    ],
    ['a missing file', { 'functions/manifest.yaml': MANIFEST.replace('src/tax.py', 'src/gone.py') }, /src\/gone\.py/],
    ['a rule naming a missing action', { 'functions/manifest.yaml': MANIFEST.replace('action: checkout', 'action: nowhere') }, /nowhere/],
  ])('%s fails with a message naming it and changes nothing', async (_what, files, named) => {
    const before = await state();
    const { deployment } = await deployPush(files, 'broken');
    expect(deployment.status).toBe('failed');
    expect(deployment.error).toMatch(named);
    expect(await state()).toEqual(before);
    await push({ 'functions/manifest.yaml': MANIFEST.replace('        page:\n          function: src/page.js\n          web: true\n', '') }, 'fixed');
  });

  it("never shows a source's secrets in a failure's error, log or commit status", async () => {
    const currency = `        currency: \${CURRENCY}\n`;
    const manifest = MANIFEST.replace(currency, `${currency}        port:\n          type: integer\n          value: $DB_PASSWORD\n`);
    const { commit, deployment } = await deployPush({ 'functions/manifest.yaml': manifest }, 'leaky');
    expect(deployment.status).toBe('failed');
    expect(deployment.error).toMatch(/port/);
    const logs = (await api.request('GET', `/namespaces/_/deployments/${deployment.id}/logs`)).body.logs as string[];
    await github.waitFor((request) => request.path.endsWith(commit) && request.body?.context === 'brisk' && request.body?.state === 'failure', 10_000);
    const statuses = github.requests.filter((request) => request.path.endsWith(commit)).map((request) => JSON.stringify(request.body));
    for (const text of [deployment.error, ...logs, ...statuses]) expect(text).not.toContain('hunter2-secret');
    await push({ 'functions/manifest.yaml': MANIFEST.replace('        page:\n          function: src/page.js\n          web: true\n', '') }, 'fixed');
  });

  it('three pushes in quick succession end with the last commit deployed and the middle one superseded', async () => {
    const pushes = [];
    for (const price of [31, 32, 33])
      pushes.push(await push({ 'functions/src/price.js': `function main() { return { price: ${price} }; }` }, `price ${price}`));
    // Delivered one after another, as GitHub sends a repository's pushes, without waiting for any deployment;
    // a slow git server keeps the first one fetching while the others arrive.
    git.delayMs = 200;
    const accepted: string[] = [];
    for (const { delivery } of pushes) accepted.push((await deliver(delivery)).body.deployment as string);
    const outcomes = [];
    for (const id of accepted) outcomes.push((await finished(id)).status);
    git.delayMs = 0;
    expect(['succeeded', 'superseded']).toContain(outcomes[0]);
    expect(outcomes.slice(1)).toEqual(['superseded', 'succeeded']);
    expect(await invoke('shop/price')).toEqual({ price: 33 });
  });

  it('rollback restores an earlier deployment exactly, as a new deployment', async () => {
    const rollback = await api.request('POST', `/namespaces/_/deployments/${first.deployment.id}/rollback`);
    expect(rollback.status).toBe(202);
    const done = await finished(rollback.body.id);
    expect(done).toMatchObject({ status: 'succeeded', cause: 'rollback', rollbackOf: first.deployment.id, commit: first.commit });
    expect((await state()).map((entry) => entry.split('@')[0])).toEqual(['guest/shop/checkout', 'guest/shop/page', 'guest/shop/price', 'guest/shop/tax']);
    expect(await invoke('shop/price')).toEqual({ price: 10, currency: 'EUR' });
    expect(await (await fetch(`${brisk.url}/api/v1/web/guest/shop/page`)).text()).toBe('<h1>shop v1</h1>');
  });

  it('lists deployments newest first and deploys the branch head by hand', async () => {
    const list = (await api.request('GET', '/namespaces/_/deployments', { query: { source: 'shop', limit: 2 } })).body as { cause: string }[];
    expect(list.map((deployment) => deployment.cause)).toEqual(['rollback', 'push']);
    const manual = await api.request('POST', '/namespaces/_/deployments', { body: { source: 'shop' } });
    expect(manual.status).toBe(202);
    const done = await finished(manual.body.id);
    expect(done).toMatchObject({ status: 'succeeded', cause: 'manual', commit: head });
  });

  it('disconnecting with undeploy removes what the source deployed', async () => {
    const removed = await api.request('DELETE', '/namespaces/_/sources/shop', { query: { undeploy: true } });
    expect(removed.status).toBe(200);
    expect(await state()).toEqual([]);
    expect((await api.request('GET', '/namespaces/_/triggers/order-placed')).status).toBe(404);
  });
});

describe('deployments of different sources', () => {
  it("run side by side: one source's slow repository does not hold up another source's push", async () => {
    const slowGit = await startGitServer();
    try {
      const sources: Record<string, { url: string; secret: string; repo: RemoteRepo }> = {};
      for (const [name, server] of [
        ['slow', slowGit],
        ['fast', git],
      ] as const) {
        const remote = await server.createRepo(`acme/${name}`);
        const put = await api.request('PUT', `/namespaces/_/sources/${name}`, { body: { repository: remote.url } });
        expect(put.status).toBe(200);
        sources[name] = { url: put.body.webhook.url.replace('http://brisk.example', brisk.url), secret: put.body.webhook.secret, repo: remote };
      }
      const deliverPush = async (name: string) => {
        const { url, secret, repo: remote } = sources[name]!;
        const files = {
          'manifest.yaml': `packages:\n  ${name}:\n    actions:\n      hello:\n        function: hello.js\n`,
          'hello.js': `function main() { return { from: "${name}" }; }`,
        };
        const commit = await remote.commit(files, { message: name });
        const response = await sendDelivery(url, pushDelivery({ secret, repositoryUrl: remote.url, before: ZERO_COMMIT, after: commit }));
        expect(response.status).toBe(202);
        return ((await response.json()) as { deployment: string }).deployment;
      };
      // Every request to the slow git server waits 3 s, so its fetch (several requests) takes longer than 6 s.
      slowGit.delayMs = 3_000;
      const slow = await deliverPush('slow');
      await expect.poll(async () => (await api.request('GET', `/namespaces/_/deployments/${slow}`)).body.status, { timeout: 10_000 }).toBe('running');
      const fast = await deliverPush('fast');
      expect((await finished(fast)).status).toBe('succeeded');
      expect((await api.request('GET', `/namespaces/_/deployments/${slow}`)).body.status).toBe('running');
      expect(await invoke('fast/hello')).toEqual({ from: 'fast' });
      expect((await finished(slow)).status).toBe('succeeded');
      expect(await invoke('slow/hello')).toEqual({ from: 'slow' });
      for (const name of ['slow', 'fast'])
        expect((await api.request('DELETE', `/namespaces/_/sources/${name}`, { query: { undeploy: true } })).status).toBe(200);
    } finally {
      await slowGit.close();
    }
  }, 60_000);
});

describe('following a deployment live', () => {
  it('streams each log line once, as the worker writes it, then the finished deployment; a reconnect resumes', async () => {
    const slowGit = await startGitServer();
    try {
      const remote = await slowGit.createRepo('acme/followed');
      const put = await api.request('PUT', '/namespaces/_/sources/followed', { body: { repository: remote.url } });
      expect(put.status).toBe(200);
      const url = put.body.webhook.url.replace('http://brisk.example', brisk.url);
      const files = {
        'manifest.yaml': 'packages:\n  followed:\n    actions:\n      hello:\n        function: hello.js\n',
        'hello.js': 'function main() { return {}; }',
      };
      const commit = await remote.commit(files, { message: 'followed' });
      // Each git request waits 1.5 s: the fetch takes several seconds after its first log line.
      slowGit.delayMs = 1_500;
      const sent = await sendDelivery(url, pushDelivery({ secret: put.body.webhook.secret, repositoryUrl: remote.url, before: ZERO_COMMIT, after: commit }));
      const id = ((await sent.json()) as { deployment: string }).deployment;

      const cookie = await consoleSession(brisk.url, brisk.guestKey);
      let firstLineAt: number | undefined;
      const events = await readSubscription<DeploymentEvent>(brisk.url, cookie, 'deployments.follow', { id }, (seen) => {
        if (firstLineAt === undefined && seen.some((event) => event.data.type === 'log')) firstLineAt = Date.now();
        return seen.some((event) => event.data.type === 'done');
      });
      const done = events.find((event) => event.data.type === 'done')!.data.deployment!;
      expect(done).toMatchObject({ id, status: 'succeeded', commit });
      // The first line came while the fetch was still waiting on git, not with the outcome.
      expect(firstLineAt).toBeLessThan(done.endedAt - 1_000);
      const stored = (await api.request('GET', `/namespaces/_/deployments/${id}/logs`)).body.logs as string[];
      const lines = events.filter((event) => event.data.type === 'log');
      expect(lines.map((event) => event.data.line)).toEqual(stored);
      expect(lines.map((event) => event.id)).toEqual(stored.map((_, index) => `log:${index}`));
      expect(stored.some((line) => line.includes(`fetching commit ${commit}`))).toBe(true);

      // Reconnecting after the second line gets the rest, and the end.
      const resumed = await readSubscription<DeploymentEvent>(brisk.url, cookie, 'deployments.follow', { id, lastEventId: 'log:1' }, (seen) =>
        seen.some((event) => event.data.type === 'done'),
      );
      expect(resumed.filter((event) => event.data.type === 'log').map((event) => event.data.line)).toEqual(stored.slice(2));

      // Another namespace's deployment (here: an id that is not this namespace's) is not found, and nothing is sent.
      const stranger = await readSubscription<DeploymentEvent>(brisk.url, cookie, 'deployments.follow', { id: randomUUID() }, () => false);
      expect(stranger.map((event) => event.data.type)).toEqual(['error']);
      expect(JSON.stringify(stranger[0]!.data)).toContain('NOT_FOUND');
      expect((await api.request('DELETE', '/namespaces/_/sources/followed', { query: { undeploy: true } })).status).toBe(200);
    } finally {
      await slowGit.close();
    }
  }, 60_000);
});

describe('an uploaded project folder (no git)', () => {
  const UPLOAD_MANIFEST = 'packages:\n  up:\n    actions:\n      hello:\n        function: hello.js\n';
  const HELLO = 'function main(p) { return { hello: p.name ?? "upload" }; }';

  async function upload(bytes: Buffer, type: string, query: Record<string, string> = {}) {
    return api.request('POST', '/namespaces/_/deployments', { rawBody: bytes, headers: { 'content-type': type }, query });
  }

  it('deploys a zip of the folder', async () => {
    const zip = new AdmZip();
    zip.addFile('manifest.yaml', Buffer.from(UPLOAD_MANIFEST));
    zip.addFile('hello.js', Buffer.from(HELLO));
    const answer = await upload(zip.toBuffer(), 'application/zip', { project: 'uploaded' });
    expect(answer.status).toBe(202);
    expect(await finished(answer.body.id)).toMatchObject({ status: 'succeeded', cause: 'upload', project: 'uploaded', source: null });
    expect(await invoke('up/hello', { name: 'zip' })).toEqual({ hello: 'zip' });
  });

  it('deploys a tar.gz of the folder, made by tar', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'brisk-upload-'));
    try {
      await writeFile(path.join(dir, 'manifest.yaml'), UPLOAD_MANIFEST);
      await writeFile(path.join(dir, 'hello.js'), HELLO.replace('"upload"', '"tar"'));
      const made = spawnSync('tar', ['-czf', '-', '-C', dir, '.'], { maxBuffer: 16 * 1024 * 1024 });
      expect(made.status).toBe(0);
      const answer = await upload(made.stdout, 'application/gzip', { project: 'uploaded' });
      expect(answer.status).toBe(202);
      expect((await finished(answer.body.id)).status).toBe('succeeded');
      expect(await invoke('up/hello')).toEqual({ hello: 'tar' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an archive entry that leaves the folder, and a broken project, with 400 and no deployment', async () => {
    const before = ((await api.request('GET', '/namespaces/_/deployments', { query: { limit: 200 } })).body as unknown[]).length;
    const escaping = new AdmZip();
    escaping.addFile('manifest.yaml', Buffer.from(UPLOAD_MANIFEST));
    escaping.addFile('hello.js', Buffer.from(HELLO));
    // adm-zip normalizes names on addFile; write the entry name afterwards.
    escaping.getEntries()[1]!.entryName = '../hello.js';
    const escaped = await upload(escaping.toBuffer(), 'application/zip');
    expect(escaped.status).toBe(400);
    expect(escaped.body.error).toMatch(/leaves the project folder/);
    const broken = new AdmZip();
    broken.addFile('manifest.yaml', Buffer.from(UPLOAD_MANIFEST.replace('hello.js', 'missing.js')));
    const refused = await upload(broken.toBuffer(), 'application/zip');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/missing\.js/);
    expect(((await api.request('GET', '/namespaces/_/deployments', { query: { limit: 200 } })).body as unknown[]).length).toBe(before);
  });
});
