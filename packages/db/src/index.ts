import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

export { PrismaClient, Prisma } from './generated/client.ts';
export type * from './generated/models.ts';
export { applyMigrations } from './migrate.ts';

export type Db = InstanceType<typeof PrismaClient>;

export interface DbOptions {
  poolSize?: number;
  /** Postgres cancels any statement of this client running longer (its `statement_timeout`); none by default. */
  statementTimeoutMs?: number;
}

/** A Prisma client over node-postgres: no engine binary needed. */
export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  return new PrismaClient({ adapter });
}
