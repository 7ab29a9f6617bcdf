// Every saved state of an action is kept (ActionVersion); this service lists
// them, reads one, and rolls an action back by saving an old state as a new
// version, so history only ever grows.
import { Prisma, type Db } from '@brisk/db';
import { putAction, type ActionDocument } from './actions.ts';
import type { KeyValue } from './entity-schemas.ts';
import { notFound } from './errors.ts';
import { formatEntityPath, type EntityPath } from './names.ts';
import type { Caller } from './namespaces.ts';
import { TEST_PAYLOADS_ANNOTATION } from './test-payload-schema.ts';

/** One version in an action's history, and what it changed from the one before. */
export interface ActionVersionSummary {
  version: string;
  kind: string;
  /** When the version was saved, epoch milliseconds. */
  saved: number;
  /** Which parts differ from the previous version; the first version lists none. */
  changed: ActionVersionPart[];
}

export type ActionVersionPart = 'code' | 'parameters' | 'annotations' | 'limits' | 'test payloads';
const PARTS = ['code', 'parameters', 'annotations', 'limits', 'test payloads'] as const;

interface VersionFingerprintRow {
  version: string;
  kind: string;
  createdAt: Date;
  code: string;
  parameters: string;
  annotations: string;
  limits: string;
  'test payloads': string;
}

async function actionId(db: Db, caller: Caller, path: EntityPath): Promise<string> {
  const row = await db.action.findUnique({
    where: { namespaceId_packageName_name: { namespaceId: caller.namespaceId, packageName: path.packageName, name: path.name } },
    select: { id: true },
  });
  if (!row) throw notFound(`The action ${formatEntityPath(path)} does not exist.`);
  return row.id;
}

/**
 * Lists an action's versions, newest first. Each part is compared by an md5
 * computed in Postgres, so listing never reads the (up to 48 MB) code.
 */
export async function listActionVersions(db: Db, caller: Caller, path: EntityPath): Promise<ActionVersionSummary[]> {
  const id = await actionId(db, caller, path);
  const rows = await db.$queryRaw<VersionFingerprintRow[]>(Prisma.sql`
    SELECT "version", "kind", "createdAt",
           md5(concat_ws(E'\\x1f', "kind", coalesce("main", ''), coalesce("code", ''), "binary"::text, coalesce("image", ''),
                         array_to_string("components", ','))) AS "code",
           md5("parameters"::text) AS "parameters",
           md5((SELECT coalesce(jsonb_agg(e), '[]'::jsonb)::text FROM jsonb_array_elements("annotations") e
                WHERE e->>'key' <> ${TEST_PAYLOADS_ANNOTATION})) AS "annotations",
           concat_ws('/', "timeoutMs", "memoryMb", "logsMb", "concurrency") AS "limits",
           md5(coalesce((SELECT (e->'value')::text FROM jsonb_array_elements("annotations") e
                WHERE e->>'key' = ${TEST_PAYLOADS_ANNOTATION} LIMIT 1), '')) AS "test payloads"
    FROM "ActionVersion" WHERE "actionId" = ${id}::uuid
    ORDER BY "createdAt" ASC, "version" ASC`);
  const summaries: ActionVersionSummary[] = rows.map((row, index) => {
    const previous = rows[index - 1];
    const changed: ActionVersionPart[] = [];
    if (previous) {
      for (const part of PARTS) {
        if (row[part] !== previous[part]) changed.push(part);
      }
    }
    return { version: row.version, kind: row.kind, saved: row.createdAt.getTime(), changed };
  });
  return summaries.reverse();
}

/** Reads one saved version of an action, code included, shaped like the action itself. */
export async function getActionVersion(db: Db, caller: Caller, path: EntityPath, version: string): Promise<ActionDocument> {
  const id = await actionId(db, caller, path);
  const row = await db.actionVersion.findUnique({ where: { actionId_version: { actionId: id, version } } });
  if (!row) throw notFound(`The action ${formatEntityPath(path)} has no version ${version}.`);
  const exec: ActionDocument['exec'] = { kind: row.kind, binary: row.binary };
  if (row.code !== null) exec.code = row.code;
  if (row.main) exec.main = row.main;
  if (row.image) exec.image = row.image;
  if (row.components.length > 0) exec.components = row.components;
  return {
    namespace: path.packageName ? `${caller.namespace}/${path.packageName}` : caller.namespace,
    name: path.name,
    version: row.version,
    publish: false,
    exec,
    parameters: row.parameters as KeyValue[],
    annotations: row.annotations as KeyValue[],
    limits: { timeout: row.timeoutMs, memory: row.memoryMb, logs: row.logsMb, concurrency: row.concurrency },
    updated: row.createdAt.getTime(),
  };
}

/**
 * Rolls an action back to `version`: its code, parameters, annotations and
 * limits are saved again as a new version. The action's saved test payloads
 * are console state, not code, so the current ones are kept.
 */
export async function rollbackAction(db: Db, caller: Caller, path: EntityPath, version: string): Promise<ActionDocument> {
  const old = await getActionVersion(db, caller, path, version);
  const current = await db.action.findUnique({
    where: { namespaceId_packageName_name: { namespaceId: caller.namespaceId, packageName: path.packageName, name: path.name } },
    select: { annotations: true },
  });
  const currentPayloads = ((current?.annotations ?? []) as KeyValue[]).filter((entry) => entry.key === TEST_PAYLOADS_ANNOTATION);
  const annotations = [...old.annotations.filter((entry) => entry.key !== TEST_PAYLOADS_ANNOTATION), ...currentPayloads];
  const { kind, code, main, binary, image, components } = old.exec;
  return putAction(
    db,
    caller,
    path,
    {
      exec: {
        kind,
        binary,
        ...(code !== undefined ? { code } : {}),
        ...(main ? { main } : {}),
        ...(image ? { image } : {}),
        ...(components ? { components } : {}),
      },
      parameters: old.parameters,
      annotations,
      limits: old.limits,
    },
    { overwrite: true },
  );
}
