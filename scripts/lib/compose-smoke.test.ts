// The compose installation works for real (scripts/compose-smoke.ts: up with
// two workers, an action invoked through the web container, down), and
// leaves nothing behind: no container, volume or network of its project, no
// action container of its workers. Needs Debian's docker-compose; about 1.5
// minutes with the images built (3 more when node_modules changed).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config.ts';
import { findExecutable } from './services.ts';

describe.skipIf(!findExecutable('docker-compose'))('docker-compose.yml, for real', () => {
  it('comes up, runs an action through the web container, and goes down leaving nothing', { timeout: 600_000 }, async () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/compose-smoke.ts')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 590_000,
      env: { ...process.env, BRISK_SMOKE_TIMEOUT_MS: '540000' },
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(output, output.slice(-4000)).toMatch(/total .* passed/);
    expect(run.status).toBe(0);
    const found = /compose project (\S+), Redis prefix (\S+),/.exec(output);
    expect(found).not.toBeNull();
    const [, project, prefix] = found ?? [];
    const docker = new Docker();
    expect(await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } })).toEqual([]);
    expect(await docker.listContainers({ all: true, filters: { label: [`brisk.cluster=${prefix}`] } })).toEqual([]);
    expect((await docker.listVolumes({ filters: { label: [`com.docker.compose.project=${project}`] } })).Volumes ?? []).toEqual([]);
    expect(await docker.listNetworks({ filters: { label: [`com.docker.compose.project=${project}`] } })).toEqual([]);
  });
});
