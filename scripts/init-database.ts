// The one-off step of a container installation (docker-compose.yml's
// `migrate` service, deploy/k8s's `brisk-migrate` Job): apply the migrations
// to DATABASE_URL, then make sure the guest namespace exists with
// BRISK_GUEST_KEY (a key is made and printed when the variable is unset and
// guest has none). Safe to run again: what is done is left as it is.
import { seedGuestNamespace } from '@brisk/core';
import { createDb } from '@brisk/db';
import { config } from './lib/config.ts';
import { deployMigrations } from './lib/migrations.ts';

const log = (line: string) => console.log(`[init] ${line}`);
try {
  await deployMigrations(config.databaseUrl, log);
  const db = createDb(config.databaseUrl, { poolSize: 1 });
  try {
    const given = process.env.BRISK_GUEST_KEY || undefined;
    const seeded = await seedGuestNamespace(db, given);
    if (given) log(`guest: ${seeded.createdKey ? 'key added' : 'key in place'} (BRISK_GUEST_KEY)`);
    else if (seeded.createdKey) log(`guest: made a key, shown only now: ${seeded.createdKey}`);
    else log('guest: in place (it has keys; `npm run admin -- key create guest` makes another)');
  } finally {
    await db.$disconnect();
  }
} catch (error) {
  console.error(`[init] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
