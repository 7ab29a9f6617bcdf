import { randomBytes } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { type GitServer, startGitServer } from '@brisk/testing/git-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FetchCommitOptions, fetchCommit } from './fetch-commit.ts';

let server: GitServer;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startGitServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function emptyDir(): Promise<string> {
  const dir = await mkdtemp(join(os.tmpdir(), 'brisk-fetch-test-'));
  dirs.push(dir);
  return dir;
}

// The test server is on loopback, which only the operator's setting allows.
async function fetchFrom(url: string, options: Partial<FetchCommitOptions> = {}) {
  return fetchCommit({ url, branch: 'main', into: await emptyDir(), timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024, allowPrivateNetwork: true, ...options });
}

async function failure(promise: Promise<unknown>): Promise<Error & { kind?: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the fetch should fail').toBeInstanceOf(Error);
  return error as Error & { kind?: string };
}

describe('fetchCommit', () => {
  it('fetches exactly the commit asked for, even after the branch moved on', async () => {
    const repo = await server.createRepo('acme/moving');
    const first = await repo.commit({ 'manifest.yaml': 'version: 1\n', 'src/index.js': 'exports.main = () => 1;\n' }, { message: 'first' });
    const second = await repo.commit({ 'manifest.yaml': 'version: 2\n', 'NEW.md': 'new\n' }, { message: 'second' });
    expect(await repo.head('main')).toBe(second);

    const progress: string[] = [];
    const fetched = await fetchFrom(repo.url, { commit: first.toUpperCase(), onProgress: (line) => progress.push(line) });
    expect(fetched.commit).toBe(first);
    expect(await readFile(join(fetched.dir, 'manifest.yaml'), 'utf8')).toBe('version: 1\n');
    expect((await readdir(fetched.dir)).sort()).toEqual(['manifest.yaml', 'src']); // no .git, nothing of the later commit
    expect(progress.some((line) => /^(remote: )?(Counting|Compressing|Receiving|Enumerating)/.test(line))).toBe(true);
  });

  it('fetches the branch head and reports its commit when none is given', async () => {
    const repo = await server.createRepo('acme/head');
    await repo.commit({ 'a.txt': 'old' }, { message: 'one' });
    const head = await repo.commit({ 'a.txt': 'new' }, { message: 'two', branch: 'main' });
    await repo.commit({ 'a.txt': 'other' }, { message: 'elsewhere', branch: 'feature' });

    const fetched = await fetchFrom(repo.url);
    expect(fetched.commit).toBe(head);
    expect(await readFile(join(fetched.dir, 'a.txt'), 'utf8')).toBe('new');
    const feature = await fetchFrom(repo.url, { branch: 'feature' });
    expect(await readFile(join(feature.dir, 'a.txt'), 'utf8')).toBe('other');
  });

  it('falls back to the branch history when the server refuses fetching by id', async () => {
    const repo = await server.createRepo('acme/no-fetch-by-id', { fetchById: false });
    const old = await repo.commit({ 'a.txt': 'old' }, { message: 'old' });
    await repo.commit({ 'a.txt': 'new' }, { message: 'new' });
    const fetched = await fetchFrom(repo.url, { commit: old });
    expect(fetched.commit).toBe(old);
    expect(await readFile(join(fetched.dir, 'a.txt'), 'utf8')).toBe('old');

    const missing = await failure(fetchFrom(repo.url, { commit: 'f'.repeat(40) }));
    expect(missing.message).toMatch(/Commit f{40} was not found .* not among the last 50 commits of branch "main"/);
  });

  it('fails with a message for a commit that does not exist', async () => {
    const repo = await server.createRepo('acme/missing-commit');
    await repo.commit({ 'a.txt': 'a' }, { message: 'only' });
    const error = await failure(fetchFrom(repo.url, { commit: '0123456789abcdef0123456789abcdef01234567' }));
    expect(error).toMatchObject({ kind: 'bad-request' });
    expect(error.message).toMatch(/Commit 0123456789abcdef0123456789abcdef01234567 was not found/);
  });

  it('refuses malformed commit ids and branch names before running git', async () => {
    const before = server.requests.length;
    expect((await failure(fetchFrom(`${server.url}/acme/x.git`, { commit: 'abc123' }))).message).toMatch(/not a commit id/);
    expect((await failure(fetchFrom(`${server.url}/acme/x.git`, { commit: `--upload-pack=touch${'a'.repeat(26)}` }))).message).toMatch(/not a commit id/);
    expect((await failure(fetchFrom(`${server.url}/acme/x.git`, { branch: '--upload-pack=x' }))).message).toMatch(/not a valid branch/);
    expect((await failure(fetchFrom(`${server.url}/acme/x.git`, { branch: 'a..b' }))).message).toMatch(/not a valid branch/);
    expect(server.requests.length).toBe(before);
  });

  it('says when the branch does not exist', async () => {
    const repo = await server.createRepo('acme/branches');
    await repo.commit({ 'a.txt': 'a' }, { message: 'only' });
    expect((await failure(fetchFrom(repo.url, { branch: 'release' }))).message).toMatch(/Branch "release" does not exist/);
  });

  it('checks the URL first: loopback is refused without the operator setting', async () => {
    const repo = await server.createRepo('acme/policy');
    await repo.commit({ 'a.txt': 'a' }, { message: 'only' });
    const before = server.requests.length;
    const error = await failure(fetchFrom(repo.url, { allowPrivateNetwork: false }));
    expect(error.message).toMatch(/BRISK_DEPLOY_ALLOW_PRIVATE_NETWORK=true/);
    expect(server.requests.length).toBe(before);
  });

  it('fetches a private repository with its token and is refused without it', async () => {
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const repo = await server.createRepo('acme/secret', { private: { token } });
    const commit = await repo.commit({ 'a.txt': 'private' }, { message: 'only' });

    const progress: string[] = [];
    const fetched = await fetchFrom(repo.url, { commit, token, onProgress: (line) => progress.push(line) });
    expect(await readFile(join(fetched.dir, 'a.txt'), 'utf8')).toBe('private');
    const seen = server.requests.filter((request) => request.path.startsWith('/acme/secret.git/'));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((request) => request.user === 'x-access-token' && request.status === 200)).toBe(true);

    const without = await failure(fetchFrom(repo.url, { commit }));
    expect(without.message).toMatch(/requires authentication.*access token/);
    const wrong = await failure(fetchFrom(repo.url, { commit, token: 'ghs_wrong' }));
    expect(wrong.message).toMatch(/refused the access token/);
    for (const text of [without.message, wrong.message, ...progress]) expect(text).not.toContain(token);
  });

  it('checks out a committed symlink as a plain file holding the link text', async () => {
    const repo = await server.createRepo('acme/links');
    const commit = await repo.commit({ 'passwd-link': { symlink: '/etc/passwd' }, 'up-link': { symlink: '../../..' }, 'a.txt': 'a' }, { message: 'links' });
    const fetched = await fetchFrom(repo.url, { commit });
    for (const [name, target] of [
      ['passwd-link', '/etc/passwd'],
      ['up-link', '../../..'],
    ]) {
      const stats = await lstat(join(fetched.dir, name!));
      expect(stats.isSymbolicLink()).toBe(false);
      expect(stats.isFile()).toBe(true);
      expect(await readFile(join(fetched.dir, name!), 'utf8')).toBe(target);
    }
  });

  it('fails naming the limit when the repository is larger than maxBytes', async () => {
    const repo = await server.createRepo('acme/large');
    const random = await repo.commit({ 'blob.bin': randomBytes(3 * 1024 * 1024) }, { message: 'incompressible' });
    const error = await failure(fetchFrom(repo.url, { commit: random, maxBytes: 1024 * 1024 }));
    expect(error).toMatchObject({ kind: 'too-large' });
    expect(error.message).toMatch(/larger than the deploy size limit of 1 MiB/);

    // A few kilobytes of pack that would expand to 32 MiB: refused before it is written.
    const bombRepo = await server.createRepo('acme/bomb');
    const zeros = await bombRepo.commit({ 'zeros.bin': Buffer.alloc(32 * 1024 * 1024) }, { message: 'compressible' });
    const into = await emptyDir();
    const bomb = await failure(
      fetchCommit({ url: bombRepo.url, commit: zeros, branch: 'main', into, timeoutMs: 20_000, maxBytes: 4 * 1024 * 1024, allowPrivateNetwork: true }),
    );
    expect(bomb.message).toMatch(/size limit of 4 MiB .* holds 32 MiB of files/);
    expect(await readdir(join(into, 'tree'))).toEqual([]);
  });

  it('gives up on a server that hangs within the timeout, with a clear message', async () => {
    const sockets = new Set<net.Socket>();
    const hanging = net.createServer((socket) => {
      sockets.add(socket); // accepts and never answers
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hanging.address() as net.AddressInfo;
      const started = Date.now();
      const error = await failure(fetchFrom(`http://127.0.0.1:${port}/acme/app.git`, { commit: 'a'.repeat(40), timeoutMs: 1500 }));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.message).toMatch(/did not finish within the deploy fetch timeout of 1.5 s/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});
