// The guest namespace's key for `npm start`: BRISK_GUEST_KEY when set, else
// the one in the .wskprops file from an earlier start, else a new one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createNamespaceKey, GUEST_NAMESPACE, keyIsValid, seedGuestNamespace } from '@brisk/core';
import type { Db } from '@brisk/db';

export async function guestKeyFor(db: Db, wskprops: string): Promise<{ key: string; source: string }> {
  const given = process.env.BRISK_GUEST_KEY;
  if (given) {
    await seedGuestNamespace(db, given);
    return { key: given, source: 'BRISK_GUEST_KEY' };
  }
  const onFile = readAuth(wskprops);
  if (onFile && (await keyIsValid(db, onFile))) return { key: onFile, source: wskprops };
  const seeded = await seedGuestNamespace(db);
  if (seeded.createdKey) return { key: seeded.createdKey, source: 'generated' };
  // The namespace has keys, but none we can show (the file is gone): add one.
  return { key: await createNamespaceKey(db, GUEST_NAMESPACE), source: 'generated (the earlier key was not on file)' };
}

export function writeWskprops(file: string, apiHost: string, key: string): void {
  writeFileSync(file, `APIHOST=${apiHost}\nAUTH=${key}\n`, { mode: 0o600 });
}

function readAuth(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  return /^AUTH=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
}
