// Applies prisma/migrations: with `prisma migrate deploy` where Prisma's
// schema engine binary is installed, else with the project's own applier,
// which records them the same way (see packages/db/src/migrate.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '@brisk/db';
import { REPO_ROOT } from './config.ts';
import type { Log } from './progress.ts';

function schemaEngineBinary(): string | undefined {
  const fromEnv = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (fromEnv && existsSync(fromEnv) && path.basename(fromEnv).startsWith('schema-engine')) return fromEnv;
  const engines = path.join(REPO_ROOT, 'node_modules/@prisma/engines');
  const found = existsSync(engines) ? readdirSync(engines).find((name) => name.startsWith('schema-engine-')) : undefined;
  return found ? path.join(engines, found) : undefined;
}

export async function deployMigrations(databaseUrl: string, log: Log): Promise<void> {
  const migrationsDir = path.join(REPO_ROOT, 'prisma/migrations');
  if (schemaEngineBinary()) {
    const result = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/prisma'), ['migrate', 'deploy', '--config', 'prisma/prisma.config.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}${result.stderr}`);
    log('migrations: applied with prisma migrate deploy');
    return;
  }
  const { applied, alreadyApplied } = await applyMigrations(databaseUrl, migrationsDir);
  log(`migrations: ${applied.length} applied${applied.length ? ` (${applied.join(', ')})` : ''}, ${alreadyApplied} already in place`);
}
