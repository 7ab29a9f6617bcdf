// Test databases: a template built by applying the real migrations (so they
// are tested too), cloned per test run with CREATE DATABASE ... TEMPLATE.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyMigrations } from '@brisk/db';
import pg from 'pg';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma/migrations');
const ADMIN_URL = process.env.BRISK_TEST_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/** Serialises template creation across concurrent test processes. */
const TEMPLATE_LOCK = 4_242_001;

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Name of the template for the current migrations: a new migration makes a new template. */
async function templateName(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    hash.update(dir).update(await readFile(path.join(MIGRATIONS_DIR, dir, 'migration.sql')));
  }
  return `brisk_template_${hash.digest('hex').slice(0, 12)}`;
}

/** Creates (once) the migrated template database and returns its name. */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = await templateName();
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
      await admin.query(`CREATE DATABASE "${building}"`);
      await applyMigrations(databaseUrl(building), MIGRATIONS_DIR);
      // Renamed only when complete, so a crash never leaves a half-migrated template.
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test run. */
export async function createTestDatabase(label = 'run'): Promise<TestDatabase> {
  const template = await ensureTemplateDatabase();
  const name = `brisk_test_${label}_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
