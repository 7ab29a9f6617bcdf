// The benchmark's output: a table on the terminal and the same numbers as
// JSON under bench/results/, with what the machine was.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { Redis } from 'ioredis';
import pg from 'pg';

export interface Row {
  scenario: string;
  p50?: number;
  p99?: number;
  perSecond?: number;
  /** e.g. "5.1x, +2.3 ms" */
  vsFloor?: string;
  target?: string;
  met?: boolean;
  note?: string;
}

const fmt = (value: number | undefined, digits = 2) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));

export function printTable(rows: Row[]): void {
  const header = ['scenario', 'p50 ms', 'p99 ms', 'per s', 'vs floor', 'target', 'met'];
  const lines = rows.map((row) => [
    row.scenario,
    fmt(row.p50),
    fmt(row.p99),
    row.perSecond === undefined ? '-' : String(Math.round(row.perSecond)),
    row.vsFloor ?? '',
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) => cells.map((cell, i) => (i === 0 || i >= 4 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(`\n${render(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (let i = 0; i < rows.length; i++) {
    console.log(render(lines[i]!) + (rows[i]!.note ? `  (${rows[i]!.note})` : ''));
  }
}

export async function machineInfo(): Promise<Record<string, unknown>> {
  const cpus = os.cpus();
  const info: Record<string, unknown> = {
    cores: cpus.length,
    cpu: cpus[0]?.model,
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
  try {
    info.commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  try {
    info.docker = (await new Docker({ socketPath: '/var/run/docker.sock' }).version()).Version;
  } catch {
    // no engine
  }
  try {
    const client = new pg.Client({ connectionString: process.env.BRISK_TEST_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
    await client.connect();
    info.postgres = (await client.query('SHOW server_version')).rows[0]?.server_version;
    await client.end();
  } catch {
    // not reachable
  }
  try {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    info.redis = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1];
    redis.disconnect();
  } catch {
    // not reachable
  }
  return info;
}

export async function writeResults(results: unknown): Promise<string> {
  const dir = path.join(import.meta.dirname, '../results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
