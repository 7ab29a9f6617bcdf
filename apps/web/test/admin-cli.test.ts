// `npm run admin` end to end: the CLI is spawned against the test run's
// database and Redis prefix, and what it does is checked through the running
// Brisk's REST API — a new namespace's key works, a revoked key is refused
// at once (or, when the notice cannot be sent, within the key cache's 10 s),
// limits take effect on the next invocation — plus its errors and exit codes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { machineDefaultLimits, platformSize } from '@brisk/core';
import { ApiClient } from '@brisk/testing/api-client';
import { REPO_ROOT } from '@brisk/testing/database';
import { TEST_REDIS_URL } from '@brisk/testing/redis';
import { describe, expect, it } from 'vitest';
import { brisk, nodeAction, uniqueName } from './helpers';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run admin -- ...args` (the same script, without npm's start-up) against this test run's Brisk. */
function admin(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/admin.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: brisk.databaseUrl, REDIS_URL: TEST_REDIS_URL, BRISK_REDIS_PREFIX: brisk.redisPrefix, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const KEY = /^([0-9a-f-]{36}):[A-Za-z0-9]{64}$/;

async function newNamespace(prefix: string): Promise<{ name: string; key: string; client: ApiClient }> {
  const name = uniqueName(prefix);
  const created = await admin(['namespace', 'create', name]);
  expect(created.code, created.stderr).toBe(0);
  const key = created.stdout.trim();
  expect(key).toMatch(KEY);
  return { name, key, client: new ApiClient(brisk.url, key) };
}

describe('npm run admin', () => {
  it('creates a namespace whose key works; keys are added, listed and revoked, and a revoked key is refused at once', async () => {
    const { name, key, client } = await newNamespace('tenant');
    // The key is the only thing on stdout, so scripts can capture it.
    expect((await client.request('GET', '/namespaces')).body).toEqual([name]);
    expect((await client.putAction('hello', nodeAction('function main() { return { ok: true }; }'))).status).toBe(200);

    const listed = await admin(['namespace', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toContainEqual({ name, createdAt: expect.any(String), keys: 1, ownLimits: false });
    expect((await admin(['namespace', 'list'])).stdout).toMatch(new RegExp(`^${name}\\s+1\\s+default\\s`, 'm'));

    const second = await admin(['key', 'create', name]);
    expect(second.code).toBe(0);
    const secondKey = second.stdout.trim();
    expect(secondKey).toMatch(KEY);
    const keys = await admin(['key', 'list', name, '--json']);
    expect(JSON.parse(keys.stdout).map((entry: { uuid: string }) => entry.uuid)).toEqual([key.split(':')[0], secondKey.split(':')[0]]);

    // The web replica has this key cached (10 s): only the revocation's notice can make it refuse the key at once.
    expect((await client.request('GET', '/namespaces/_/actions')).status).toBe(200);
    const revoked = await admin(['key', 'revoke', key.split(':')[0]!]);
    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    expect(revoked.stdout).toContain(`Revoked key ${key.split(':')[0]} of namespace ${name}.`);
    const refused = await client.request('GET', '/namespaces/_/actions');
    expect(refused.status).toBe(401);
    expect((await new ApiClient(brisk.url, secondKey).request('GET', '/namespaces/_/actions/hello')).status).toBe(200);
    expect((await admin(['key', 'list', name])).stdout).not.toContain(key.split(':')[0]);
  });

  it('without Redis, says so, and the revoked key is refused once the key cache expires (10 s)', async () => {
    const { key, client } = await newNamespace('no-notice');
    expect((await client.request('GET', '/namespaces')).status).toBe(200);
    const revoked = await admin(['key', 'revoke', key], { REDIS_URL: 'redis://127.0.0.1:1' });
    const revokedAt = Date.now();
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toMatch(/warning: Redis could not be told; web replicas apply this within 10 s/);
    // Still known good to the replica...
    expect((await client.request('GET', '/namespaces')).status).toBe(200);
    // ...until its cache entry expires.
    await expect.poll(async () => (await client.request('GET', '/namespaces')).status, { timeout: 15_000, interval: 250 }).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(10_500);
  });

  it('sets and gets limits, which the throttle applies to the very next invocation, and puts them back to the default', async () => {
    const { name, client } = await newNamespace('limited');
    expect((await client.putAction('tick', nodeAction('function main() { return {}; }'))).status).toBe(200);
    const invoke = () => client.invoke('tick', {}, { blocking: false });
    // One invocation under the default: the replica now has the default limits cached.
    expect((await invoke()).status).toBe(202);

    const set = await admin(['limits', 'set', name, '--invocations-per-minute', '2', '--fires-per-minute=7']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^invocations-per-minute\s+2\s+set for this namespace$/m);
    expect(set.stdout).toMatch(/^fires-per-minute\s+7\s+set for this namespace$/m);
    // The defaults are sized to this machine (machine-limits.ts); the CLI runs with this process's environment.
    const defaults = machineDefaultLimits();
    expect(set.stdout).toMatch(new RegExp(`^concurrent\\s+${defaults.concurrentInvocations}\\s+platform default$`, 'm'));
    const { capacityPerSecond, slots } = platformSize();
    expect(set.stdout).toContain(`platform defaults sized to ${capacityPerSecond} activations/s and ${slots} worker slots unless set by env`);
    expect((await invoke()).status).toBe(202);
    const third = await invoke();
    expect(third.status).toBe(429);
    expect(third.body.error).toMatch(/Too many requests in the last minute \(count: 3, allowed: 2\)/);
    expect((await client.request('GET', '/namespaces/_/limits')).body).toMatchObject({ invocationsPerMinute: 2, firesPerMinute: 7 });

    const got = await admin(['limits', 'get', name, '--json']);
    expect(JSON.parse(got.stdout)).toMatchObject({
      namespace: name,
      effective: { invocationsPerMinute: 2, firesPerMinute: 7, concurrentInvocations: defaults.concurrentInvocations },
      own: { invocationsPerMinute: 2, firesPerMinute: 7, concurrentInvocations: null, activationRetentionDays: null },
    });

    // Back to the platform's default: invocations are admitted again at once.
    expect((await admin(['limits', 'set', name, '--invocations-per-minute', 'default'])).code).toBe(0);
    expect((await invoke()).status).toBe(202);
    expect((await admin(['limits', 'get', name])).stdout).toMatch(
      new RegExp(`^invocations-per-minute\\s+${defaults.invocationsPerMinute}\\s+platform default$`, 'm'),
    );

    // 0 concurrent activations suspends the namespace.
    expect((await admin(['limits', 'set', name, '--concurrent', '0'])).code).toBe(0);
    const suspended = await invoke();
    expect(suspended.status).toBe(429);
    expect(suspended.body.error).toMatch(/concurrent/);
  });

  it('deletes a namespace with everything in it; its keys are refused at once', async () => {
    const { name, client } = await newNamespace('gone');
    expect((await client.putAction('a', nodeAction('function main() { return {}; }'))).status).toBe(200);
    expect((await client.request('PUT', '/namespaces/_/packages/p', { body: {} })).status).toBe(200);
    expect((await client.request('PUT', '/namespaces/_/triggers/t', { body: {} })).status).toBe(200);
    const deleted = await admin(['namespace', 'delete', name]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(`Deleted namespace ${name}: 1 key, 1 action, 1 package, 1 trigger, 0 rules, 0 activation records.`);
    expect((await client.request('GET', '/namespaces/_/actions')).status).toBe(401);
    expect(JSON.parse((await admin(['namespace', 'list', '--json'])).stdout).map((ns: { name: string }) => ns.name)).not.toContain(name);
    const again = await admin(['namespace', 'delete', name]);
    expect(again).toMatchObject({ code: 1, stderr: `error: There is no namespace "${name}".\n` });
  });

  it('answers mistakes with a message on stderr and exit codes: 2 for usage and bad input, 1 for refused or not found, 3 for no database', async () => {
    const { name } = await newNamespace('errors');
    const cases: [string[], number, RegExp][] = [
      [[], 2, /Usage: npm run admin -- <command>/],
      [['frobnicate'], 2, /Unknown command "frobnicate"/],
      [['namespace', 'create'], 2, /namespace create takes one NAME/],
      [['namespace', 'create', 'a', 'b'], 2, /quote a name with spaces/],
      [['namespace', 'list', 'extra'], 2, /takes no arguments/],
      [['namespace', 'create', 'bad/name'], 2, /The namespace name "bad\/name" is not valid/],
      [['namespace', 'create', '_'], 2, /"_" stands for the caller's own namespace/],
      [['namespace', 'create', name], 1, /already exists/],
      [['namespace', 'delete', 'whisk.system'], 1, /holds the platform's catalog/],
      [['namespace', 'delete', 'guest'], 1, /development namespace/],
      [['key', 'create', 'no-such-namespace'], 1, /There is no namespace "no-such-namespace"/],
      [['key', 'list', 'no-such-namespace'], 1, /There is no namespace/],
      [['key', 'revoke', 'not-a-uuid'], 2, /is not a key id/],
      [['key', 'revoke', '00000000-0000-4000-8000-000000000000'], 1, /There is no key/],
      [['limits', 'get', 'no-such-namespace'], 1, /There is no namespace/],
      [['limits', 'set', name], 2, /needs at least one of --invocations-per-minute/],
      [['limits', 'set', name, '--concurrent', 'lots'], 2, /--concurrent takes a whole number or "default", not "lots"/],
      [['limits', 'set', name, '--concurrent', '-1'], 2, /whole number/],
      [['limits', 'set', name, '--memory', '5'], 2, /Unknown option --memory for limits set/],
      [['limits', 'set', name, '--concurrent'], 2, /--concurrent needs a value/],
      [['limits', 'set', name, '--activation-retention-days', '0'], 2, /activationRetentionDays/],
      [['namespace', 'list', '-x'], 2, /Unknown option -x/],
    ];
    // Four at a time: each is a Node process, and the machine is small.
    const results: CliResult[] = [];
    for (let start = 0; start < cases.length; start += 4) {
      results.push(...(await Promise.all(cases.slice(start, start + 4).map(([args]) => admin(args)))));
    }
    results.forEach((result, index) => {
      const [args, code, message] = cases[index]!;
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code, stdout: '' });
      expect(result.stderr).toMatch(message);
    });
    // Nothing was written by the refused limits.
    expect(JSON.parse((await admin(['limits', 'get', name, '--json'])).stdout).own).toEqual({
      invocationsPerMinute: null,
      concurrentInvocations: null,
      firesPerMinute: null,
      activationRetentionDays: null,
    });
    const help = await admin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/namespace create NAME/);
    expect(help.stdout).toMatch(/limits set NAME \[--invocations-per-minute N\] \[--concurrent N\] \[--fires-per-minute N\]/);
    const noDatabase = await admin(['namespace', 'list'], { DATABASE_URL: 'postgresql://postgres:secret@127.0.0.1:1/none' });
    expect(noDatabase.code).toBe(3);
    expect(noDatabase.stderr).toMatch(/Postgres\) is unavailable.*postgres:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(noDatabase.stderr).not.toContain('secret');
  });
});
