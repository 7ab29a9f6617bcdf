// The keys handed to actions annotated `provide-api-key`, per namespace:
// minted and sealed by core (action-api-keys.ts), opened here and kept for a
// few seconds so the warm path does not ask Postgres on every activation. A
// revoked key is handed out for at most that long, as the web's Authenticator
// accepts one for as long.
import { actionApiKey } from '@brisk/core';
import type { Db } from '@brisk/db';

const TTL_MS = 10_000;

export class ActionKeyCache {
  private readonly entries = new Map<string, { key: Promise<string>; expires: number }>();

  constructor(
    private readonly db: Db,
    private readonly secretsKey: Buffer | undefined,
  ) {}

  /** The key of the namespace the action lives in. */
  keyFor(namespace: string): Promise<string> {
    if (!this.secretsKey) return Promise.reject(new Error('actions annotated provide-api-key need BRISK_SECRETS_KEY set for the worker'));
    const hit = this.entries.get(namespace);
    if (hit && hit.expires > Date.now()) return hit.key;
    const key = actionApiKey(this.db, this.secretsKey, namespace);
    this.entries.set(namespace, { key, expires: Date.now() + TTL_MS });
    key.catch(() => this.entries.delete(namespace));
    if (this.entries.size > 1000) this.entries.delete(this.entries.keys().next().value!);
    return key;
  }
}
