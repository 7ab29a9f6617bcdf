import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

export { PrismaClient, Prisma } from './generated/client.ts';
export type * from './generated/models.ts';
export { applyMigrations } from './migrate.ts';

export type Db = InstanceType<typeof PrismaClient>;

/** A Prisma client over node-postgres: no engine binary needed. */
export function createDb(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
