// A PostgreSQL server of a test's own, which the test may stop and start
// (fault tests): initdb into a temporary folder, trust authentication,
// loopback only, the real migrations applied. As root it runs as the
// `postgres` user (PostgreSQL refuses to run as root), as Debian's own does.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { applyMigrations } from '@brisk/db';
import { MIGRATIONS_DIR } from './database.ts';
import { freePort } from './processes.ts';

const run = promisify(execFile);

export interface OwnPostgres {
  /** The migrated database, `brisk`. */
  url: string;
  /** Stops the server at once (`pg_ctl stop -m fast`): connections are cut, as in an outage. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

async function binDir(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = await binDir();
  const root = await mkdtemp(path.join(os.tmpdir(), 'brisk-pg-'));
  const data = path.join(root, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const as = async (command: string, args: string[]) => {
    const file = path.join(bin, command);
    await (asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args));
  };
  if (asRoot) {
    const { uid, gid } = await userIds('postgres');
    await chown(root, uid, gid);
  }
  await as('initdb', ['-D', data, '--auth=trust', '--username=postgres', '--no-sync', '--encoding=UTF8']);
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${root} -c fsync=off`;
  const start = () => as('pg_ctl', ['-D', data, '-o', options, '-w', '-t', '30', '-l', path.join(root, 'log'), 'start']);
  const stop = () => as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  await start();
  const admin = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query('CREATE DATABASE brisk');
  await client.end();
  const url = `postgresql://postgres@127.0.0.1:${port}/brisk`;
  await applyMigrations(url, MIGRATIONS_DIR);
  return {
    url,
    stop,
    start,
    async destroy() {
      await stop().catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', name]);
  const { stdout: group } = await run('id', ['-g', name]);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
}
