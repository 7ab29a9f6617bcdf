// Finds an exported action and what its annotations say about serving it.
import type { Db } from '@brisk/db';
import type { KeyValue } from '../entity-schemas.ts';
import { notFound } from '../errors.ts';
import type { EntityPath } from '../names.ts';
import type { Caller } from '../namespaces.ts';
import { webActionOptions, type WebActionOptions } from './annotations.ts';

export interface WebAction {
  options: WebActionOptions;
  /** With `final`, the parameters its package and it define (non-null); the request may not set them. */
  finalKeys: ReadonlySet<string>;
}

/**
 * The action at `path` in the owner's namespace, if it is exported. A missing
 * action and one that is not exported get the same 404, so the public URL
 * space reveals nothing about a namespace's private actions.
 */
export async function findWebAction(db: Db, owner: Caller, path: EntityPath): Promise<WebAction> {
  const row = await db.action.findUnique({
    where: { namespaceId_packageName_name: { namespaceId: owner.namespaceId, packageName: path.packageName, name: path.name } },
    select: { annotations: true, parameters: true, package: { select: { parameters: true } } },
  });
  if (!row) throw notFound();
  const options = webActionOptions(row.annotations as KeyValue[]);
  if (!options.exported) throw notFound();

  const finalKeys = new Set<string>();
  if (options.final) {
    for (const layer of [(row.package?.parameters ?? []) as KeyValue[], row.parameters as KeyValue[]]) {
      for (const { key, value } of layer) if (value !== null && value !== undefined) finalKeys.add(key);
    }
  }
  return { options, finalKeys };
}
