// Which Debian packages a machine lacks, from the commands it lacks; the
// advice when they cannot be installed here; and the install itself, run
// through a stand-in apt-get that prints what apt prints (the real one would
// change this machine).
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDebianPackages, installCommand, missingPackages, START_REQUIREMENTS, TEST_REQUIREMENTS } from './debian-packages.ts';

const onlyThese = (commands: string[]) => (command: string) => (commands.includes(command) ? `/usr/bin/${command}` : undefined);

describe('Debian packages', () => {
  it('names the package of each missing command, once', () => {
    expect(missingPackages(START_REQUIREMENTS, onlyThese(['pg_ctlcluster', 'git']))).toEqual(['redis-server', 'docker.io', 'debootstrap']);
    expect(missingPackages(TEST_REQUIREMENTS, onlyThese([]))).toEqual(['postgresql', 'redis-server', 'docker.io', 'debootstrap', 'git', 'chromium']);
    expect(missingPackages(START_REQUIREMENTS, () => '/usr/bin/x')).toEqual([]);
    expect(missingPackages([...START_REQUIREMENTS, { command: 'docker', pkg: 'docker.io' }], onlyThese([])).filter((pkg) => pkg === 'docker.io')).toHaveLength(
      1,
    );
  });

  it('prints the one command to run when not root, and installs nothing', async () => {
    expect(installCommand(['docker.io', 'debootstrap'])).toBe('sudo apt-get update && sudo apt-get install -y --no-install-recommends docker.io debootstrap');
    const host = { find: onlyThese(['apt-get', 'pg_ctlcluster', 'redis-server', 'git']), isRoot: false };
    await expect(ensureDebianPackages(START_REQUIREMENTS, () => undefined, host)).rejects.toThrow(
      'missing Debian packages: docker.io, debootstrap. Install them with:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends docker.io debootstrap',
    );
  });

  it('as root, runs apt-get update and install, with progress, and says what it installed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'brisk-apt-'));
    try {
      const apt = path.join(dir, 'apt-get');
      const calls = path.join(dir, 'calls');
      await writeFile(
        apt,
        `#!/bin/sh\necho "$@" >> ${calls}\ncase "$*" in *update*) echo "Get:1 http://deb.debian.org/debian bookworm InRelease";; *) echo "Unpacking git (1:2.39.5-0+deb12u2) ..."; echo "Setting up git (1:2.39.5-0+deb12u2) ...";; esac\n`,
      );
      await chmod(apt, 0o755);
      const lines: string[] = [];
      const host = { find: (command: string) => (command === 'apt-get' ? apt : undefined), isRoot: true };
      expect(await ensureDebianPackages([{ command: 'git', pkg: 'git' }], (line) => lines.push(line), host)).toEqual(['git']);
      expect((await readFile(calls, 'utf8')).trim().split('\n')).toEqual([
        '-o Dpkg::Use-Pty=0 update',
        '-o Dpkg::Use-Pty=0 install -y --no-install-recommends git',
      ]);
      expect(lines[0]).toBe('packages: installing git from Debian (apt-get)');
      expect(lines).toContainEqual(expect.stringMatching(/^packages: installing git: 1 set up \(\d+ ms\)…$/));
      expect(lines.at(-1)).toMatch(/^packages: installed git in \d+ ms$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
