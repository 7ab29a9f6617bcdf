// The environment variables a container of an action is made with: its
// package's, then its own over them, opened with BRISK_SECRETS_KEY. Kept in
// memory by stamp (the job names the stamps it was resolved with; a change
// writes new ones), so the warm path asks Postgres nothing. Values live only
// here and in the container's /init; they are never logged.
import { environmentRevision, mergedEnvironment, sealedEnvironment } from '@brisk/core';
import type { Db } from '@brisk/db';

export interface ActionEnvironment {
  /** The stamps read with the values: what the container pool keys the container by. */
  revision: string;
  variables: Record<string, string>;
}

export class ActionEnvironmentCache {
  private readonly entries = new Map<string, ActionEnvironment>();

  constructor(
    private readonly db: Db,
    private readonly secretsKey: Buffer | undefined,
    private readonly maxEntries = 500,
  ) {}

  /** The variables for an action whose job names `revision` (non-empty). */
  async get(actionId: string, revision: string): Promise<ActionEnvironment> {
    const key = `${actionId}#${revision}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    if (!this.secretsKey) throw new Error('the action has environment variables, and this worker has no BRISK_SECRETS_KEY to open them');
    const row = await this.db.action.findUnique({
      where: { id: actionId },
      select: { environment: true, envStamp: true, package: { select: { environment: true, envStamp: true } } },
    });
    if (!row) throw new Error('the action was deleted');
    let variables: Record<string, string>;
    try {
      variables = mergedEnvironment(this.secretsKey, sealedEnvironment(row.package?.environment), sealedEnvironment(row.environment));
    } catch {
      throw new Error('its environment variables were sealed under another BRISK_SECRETS_KEY; set them again');
    }
    // Stored under the stamps read, which may be newer than the job's: a later job naming them finds it.
    const read: ActionEnvironment = { revision: environmentRevision(row.envStamp, row.package?.envStamp), variables };
    this.entries.set(key, read);
    this.entries.set(`${actionId}#${read.revision}`, read);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return read;
  }
}
