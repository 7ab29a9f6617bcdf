import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, isolatedGitEnv } from './git-command.ts';
import { type GitServer, startGitServer } from './git-server.ts';

let server: GitServer;
let scratch: string;

beforeAll(async () => {
  server = await startGitServer();
  scratch = await mkdtemp(join(os.tmpdir(), 'brisk-git-server-test-'));
});
afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;

describe('test git server', () => {
  it('serves a clone of what was committed, history and symlinks included', async () => {
    const repo = await server.createRepo('acme/served');
    expect(repo.url).toBe(`${server.url}/acme/served.git`);
    expect(await repo.head()).toBeUndefined();
    const first = await repo.commit({ 'a.txt': 'one', 'gone.txt': 'soon gone', 'bin.dat': Buffer.from([0, 1, 2, 255]) }, { message: 'first' });
    const second = await repo.commit({ 'a.txt': 'two', link: { symlink: 'a.txt' } }, { message: 'second\n\nbody', remove: ['gone.txt'] });
    expect(await repo.head('main')).toBe(second);

    const env = isolatedGitEnv(scratch);
    const clone = join(scratch, 'clone');
    await git(['clone', '--quiet', repo.url, clone], { cwd: scratch, env });
    expect(await readFile(join(clone, 'a.txt'), 'utf8')).toBe('two');
    expect(await readlink(join(clone, 'link'))).toBe('a.txt');
    expect([...(await readFile(join(clone, 'bin.dat')))]).toEqual([0, 1, 2, 255]);
    await expect(readFile(join(clone, 'gone.txt'))).rejects.toThrow(/ENOENT/);
    expect((await git(['log', '--format=%H %s', 'main'], { cwd: clone, env })).trim().split('\n')).toEqual([`${second} second`, `${first} first`]);
  });

  it('wants the token as Basic auth password for a private repository', async () => {
    const repo = await server.createRepo('acme/private', { private: { token: 'tok-123' } });
    await repo.commit({ 'a.txt': 'a' }, { message: 'only' });
    const refs = `${repo.url}/info/refs?service=git-upload-pack`;
    const anonymous = await fetch(refs);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const wrong = await fetch(refs, { headers: { authorization: `Basic ${Buffer.from('x-access-token:nope').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(refs, { headers: { authorization: `Basic ${Buffer.from('x-access-token:tok-123').toString('base64')}` } });
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement');
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/acme/private.git/info/refs', user: 'x-access-token', status: 200 });
  });

  it('speaks protocol v2 and accepts gzip-encoded request bodies', async () => {
    const repo = await server.createRepo('acme/v2');
    const head = await repo.commit({ 'a.txt': 'a' }, { message: 'only' });
    const request = `${pkt('command=ls-refs\n')}0001${pkt('ref-prefix refs/heads/\n')}0000`;
    const response = await fetch(`${repo.url}/git-upload-pack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-git-upload-pack-request', 'content-encoding': 'gzip', 'git-protocol': 'version=2' },
      body: gzipSync(request),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`${head} refs/heads/main`);
  });

  it('answers 404 for a repository that does not exist', async () => {
    expect((await fetch(`${server.url}/acme/nothing.git/info/refs?service=git-upload-pack`)).status).toBe(404);
  });
});
