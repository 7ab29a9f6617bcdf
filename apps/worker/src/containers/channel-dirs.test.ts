// The host side of the channel, without containers: who owns what, which
// roots are refused, and whose leftovers are removed.
import { chown, lstat, lutimes, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelDirs } from './channel-dirs.ts';

const scratches: string[] = [];
afterEach(async () => {
  for (const dir of scratches.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function scratch(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'brisk-channel-dirs-'));
  scratches.push(dir);
  return dir;
}

const uids = { base: 300_000_000, count: 16 };

describe('ChannelDirs', () => {
  it('gives each container a directory of root and its own uid, and a uid no other container has', async () => {
    const root = path.join(await scratch(), 'sockets');
    const a = new ChannelDirs(root, 'worker-a', 'cluster', uids);
    const b = new ChannelDirs(root, 'worker-b', 'cluster', uids);
    // Two workers sharing a root, sixteen uids between them: all sixteen handed out once each.
    const made = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).create()));
    expect(new Set(made.map((dir) => dir.uid)).size).toBe(16);
    await expect(a.create()).rejects.toThrow(/every container uid tried .* is taken/);
    const info = await lstat(made[0]!.path);
    expect([info.mode & 0o777, info.uid, info.gid]).toEqual([0o710, 0, made[0]!.uid]);
    expect((await lstat(root)).mode & 0o777).toBe(0o700);
    await a.remove(made[1]!);
    expect(await readdir(path.join(root, 'uids'))).toHaveLength(15);
    expect((await a.create()).uid).toBe(made[1]!.uid);
  });

  it('refuses a root that is a link, or that another user owns', async () => {
    const base = await scratch();
    await mkdir(path.join(base, 'elsewhere'));
    await symlink(path.join(base, 'elsewhere'), path.join(base, 'linked'));
    await expect(new ChannelDirs(path.join(base, 'linked'), 'w', 'c', uids).create()).rejects.toThrow(/not a directory/);
    await mkdir(path.join(base, 'theirs'));
    await chown(path.join(base, 'theirs'), 65534, 65534);
    await expect(new ChannelDirs(path.join(base, 'theirs'), 'w', 'c', uids).create()).rejects.toThrow(/belongs to uid 65534/);
    expect(() => new ChannelDirs(base, '../up', 'c', uids)).toThrow(/worker id/);
  });

  it("removes what dead workers of its cluster left, never a living worker's or another cluster's", async () => {
    const root = path.join(await scratch(), 'sockets');
    const dead = new ChannelDirs(root, 'dead', 'cluster', uids);
    const living = new ChannelDirs(root, 'living', 'cluster', uids);
    const stranger = new ChannelDirs(root, 'stranger', 'other-cluster', uids);
    const [deadDir, livingDir, strangerDir] = await Promise.all([dead.create(), living.create(), stranger.create()]);
    // The layout before this one: <root>/<worker>/<uuid>/.
    await mkdir(path.join(root, 'old-host', '0b9d6d1e-9f0c-4a57-8a4e-1f0b7d1c2a3b'), { recursive: true });
    // A claim whose directory is gone, made long ago.
    await symlink('../workers/gone/300000099', path.join(root, 'uids', '300000099'));
    const old = new Date(Date.now() - 120_000);
    await lutimes(path.join(root, 'uids', '300000099'), old, old);
    await writeFile(path.join(root, 'stray-file'), 'not ours to judge');

    const sweeper = new ChannelDirs(root, 'sweeper', 'cluster', uids);
    const left = await sweeper.removeLeftovers(async (id) => id === 'living');
    expect(await readdir(path.join(root, 'workers'))).toEqual(expect.arrayContaining(['living', 'stranger', 'sweeper']));
    expect(await readdir(path.join(root, 'workers'))).not.toContain('dead');
    const claims = await readdir(path.join(root, 'uids'));
    expect(claims.sort()).toEqual([String(livingDir.uid), String(strangerDir.uid)].sort());
    expect(claims).not.toContain(String(deadDir.uid));
    expect(await readdir(root)).not.toContain('old-host');
    expect(await readdir(root)).toContain('stray-file');
    expect(left.directories).toBe(2); // the dead worker's, and the old layout's one container directory
  });
});
