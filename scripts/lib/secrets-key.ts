// The key that seals sources' tokens, variables and webhook secrets
// (BRISK_SECRETS_KEY). `npm start` makes one on first run and keeps it in
// .brisk/secrets.key (mode 0600); losing it means reconnecting every source.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config.ts';
import type { Log } from './progress.ts';

export function ensureSecretsKey(log: Log): string {
  if (process.env.BRISK_SECRETS_KEY) return process.env.BRISK_SECRETS_KEY;
  const file = process.env.BRISK_SECRETS_KEY_FILE ?? path.join(REPO_ROOT, '.brisk/secrets.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  log(`secrets: made a new key for sources' secrets in ${path.relative(REPO_ROOT, file)} (keep it: without it connected repositories must be reconnected)`);
  return key;
}
