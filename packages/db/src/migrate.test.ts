// The project's own migration applier, against a real Postgres.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { databaseUrl } from '@brisk/testing/database';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from './migrate.ts';

let dir: string;
let dbName: string;
const admin = () => new pg.Client({ connectionString: databaseUrl('postgres') });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'brisk-migrations-'));
  dbName = `brisk_test_migrate_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const client = admin();
  await client.connect();
  await client.query(`CREATE DATABASE "${dbName}"`);
  await client.end();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  const client = admin();
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await client.end();
});

async function addMigration(name: string, sql: string) {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

async function query(sql: string) {
  const client = new pg.Client({ connectionString: databaseUrl(dbName) });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('applyMigrations', () => {
  it('applies pending migrations in order and records them as Prisma does', async () => {
    const first = 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);';
    await addMigration('20260101000000_first', first);
    await addMigration('20260102000000_second', 'ALTER TABLE "A" ADD COLUMN "b" TEXT;');
    expect(await applyMigrations(databaseUrl(dbName), dir)).toEqual({ applied: ['20260101000000_first', '20260102000000_second'], alreadyApplied: 0 });

    const rows = await query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((row) => row.migration_name)).toEqual(['20260101000000_first', '20260102000000_second']);
    expect(rows[0].checksum).toBe(createHash('sha256').update(first).digest('hex'));
    expect(rows.every((row) => row.finished_at !== null && row.applied_steps_count === 1)).toBe(true);

    // Running again applies nothing.
    expect(await applyMigrations(databaseUrl(dbName), dir)).toEqual({ applied: [], alreadyApplied: 2 });
  });

  it('rolls a failing migration back entirely and names it', async () => {
    await addMigration('20260101000000_ok', 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);');
    await addMigration('20260102000000_broken', 'CREATE TABLE "B" ("id" INTEGER); SELECT no_such_function();');
    await expect(applyMigrations(databaseUrl(dbName), dir)).rejects.toThrow(/20260102000000_broken failed/);
    const tables = await query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    expect(tables.map((row) => row.table_name)).toEqual(['A', '_prisma_migrations']);
    const recorded = await query('SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.map((row) => row.migration_name)).toEqual(['20260101000000_ok']);
  });

  it('refuses to go on when an applied migration was edited', async () => {
    await addMigration('20260101000000_first', 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);');
    await applyMigrations(databaseUrl(dbName), dir);
    await writeFile(path.join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE "A" ("id" BIGINT PRIMARY KEY);');
    await expect(applyMigrations(databaseUrl(dbName), dir)).rejects.toThrow(/changed after it was applied/);
  });
});
