// The /whisk.system catalog: the packages OpenWhisk installations publish to
// every namespace (utils, samples), defined as a project in
// packages/core/catalog/ and deployed by the deploy engine, so that a start
// changes only what a new Brisk changed and each entity keeps its version
// otherwise. Nobody holds a key of whisk.system: its packages change only here.
import { fileURLToPath } from 'node:url';
import type { CoreDeps } from '../deps.ts';
import { deployProject, projectHash } from '../deploy/engine/deploy-project.ts';
import { directoryFiles, parseProject } from '../deploy/manifest/index.ts';
import type { EntityChange } from '../deploy/engine/plan.ts';
import { ensureNamespace, SYSTEM_NAMESPACE, type Caller } from '../namespaces.ts';

export { SYSTEM_NAMESPACE };

const CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));

export interface CatalogSeed {
  /** The project's hash: what this start deployed. */
  version: string;
  changed: EntityChange[];
}

/** Deploys the catalog into whisk.system; idempotent, and safe for workers starting side by side (the engine locks the namespace). */
export async function seedSystemCatalog(deps: Pick<CoreDeps, 'db' | 'redis' | 'redisPrefix' | 'invocables'>): Promise<CatalogSeed> {
  // Workers starting side by side may both create the namespace; the one that loses finds it made.
  const { id } = await ensureNamespace(deps.db, SYSTEM_NAMESPACE).catch(() => ensureNamespace(deps.db, SYSTEM_NAMESPACE));
  const caller: Caller = { namespaceId: id, namespace: SYSTEM_NAMESPACE, subject: SYSTEM_NAMESPACE };
  // smash's parameter is literally named $fieldName, which a manifest reads as a variable.
  const variables = { fieldName: '$fieldName' };
  const spec = await parseProject(directoryFiles(CATALOG_DIR), { defaultName: 'brisk-system-catalog', variables });
  const version = projectHash(spec).slice(0, 12);
  const changes = await deployProject(deps, caller, spec, { deploymentId: `catalog-${version}` });
  return { version, changed: changes.filter((change) => change.change !== 'unchanged') };
}
