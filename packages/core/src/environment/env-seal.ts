// Environment variables at rest: each value sealed on its own with
// BRISK_SECRETS_KEY (AES-256-GCM, deploy/secrets.ts, as sources' tokens are),
// kept as a JSON object name -> sealed value in the entity's `environment`
// column. Names stay readable (the console lists them without the key);
// values are opened only by the worker, for the container's /init.
import { randomBytes } from 'node:crypto';
import { openSecret } from '../deploy/secrets.ts';

/** name -> sealed value, as stored. */
export type SealedEnvironment = Record<string, string>;

/** The stored column as a map; anything else (never written by Brisk) counts as empty. */
export function sealedEnvironment(column: unknown): SealedEnvironment {
  if (typeof column !== 'object' || column === null || Array.isArray(column)) return {};
  const out: SealedEnvironment = {};
  for (const [name, sealed] of Object.entries(column)) if (typeof sealed === 'string') out[name] = sealed;
  return out;
}

/** Opens every value; throws when one was sealed under another key (or tampered with). */
export function openEnvironment(key: Buffer, sealed: SealedEnvironment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(sealed)) out[name] = openSecret(key, value);
  return out;
}

/** A new stamp for a changed environment ("" for an empty one): what tells warm containers made before it. */
export function newEnvStamp(sealed: SealedEnvironment): string {
  return Object.keys(sealed).length === 0 ? '' : randomBytes(8).toString('hex');
}

/**
 * What an activation's job carries about its environment: the stamps of the
 * action and of its package, "" when neither has variables. Never a value.
 */
export function environmentRevision(actionStamp: string, packageStamp: string | undefined): string {
  if (!actionStamp && !packageStamp) return '';
  return `${actionStamp}.${packageStamp ?? ''}`;
}

/** What a container gets: the package's variables, then the action's over them (the action's own value wins). */
export function mergedEnvironment(key: Buffer, packageSealed: SealedEnvironment, actionSealed: SealedEnvironment): Record<string, string> {
  return { ...openEnvironment(key, packageSealed), ...openEnvironment(key, actionSealed) };
}
