// The console's reads of activations: keyset pages that stay fast at any
// depth, the live tail, a sequence's component activations and each action's
// last run. Rows carry the summary only (no result, no logs).
import { Prisma, type Db } from '@brisk/db';
import { annotation } from './activation-record.ts';
import type { KeyValue } from './entity-schemas.ts';
import type { Caller } from './namespaces.ts';
import { assertNoNul, filterDate } from './query-values.ts';

export const ACTIVATION_STATUS_FILTERS = ['success', 'failed', 'application-error', 'developer-error', 'internal-error'] as const;
export type ActivationStatusFilter = (typeof ACTIVATION_STATUS_FILTERS)[number];

/** One activation as the console's tables show it. */
export interface ActivationSummaryRow {
  activationId: string;
  entityType: string;
  name: string;
  /** The entity's path in its namespace: "pkg/name" or "name". */
  path: string;
  version: string;
  kind: string | null;
  start: number;
  end: number | null;
  duration: number | null;
  statusCode: number;
  /** True when the activation paid for a container's /init (OpenWhisk's initTime annotation). */
  cold: boolean;
  waitTime: number | null;
  initTime: number | null;
  cause: string | null;
}

/** A position in the newest-first order: start time, then id. */
export interface ActivationCursor {
  start: number;
  activationId: string;
}

export interface ActivationQuery {
  path?: string;
  status?: ActivationStatusFilter;
  /** Epoch milliseconds, inclusive. */
  since?: number;
  /** Epoch milliseconds, inclusive. */
  upto?: number;
}

export interface ActivationPage {
  items: ActivationSummaryRow[];
  /** Pass as `after` to read the page of newer activations; null on the newest page. */
  newer: ActivationCursor | null;
  /** Pass as `before` to read the page of older activations; null on the oldest page. */
  older: ActivationCursor | null;
}

const summaryColumns = {
  activationId: true,
  entityType: true,
  name: true,
  path: true,
  version: true,
  start: true,
  end: true,
  duration: true,
  statusCode: true,
  annotations: true,
  cause: true,
} as const;
type SummaryRow = Prisma.ActivationGetPayload<{ select: typeof summaryColumns }>;

function toSummary(row: SummaryRow): ActivationSummaryRow {
  const annotations = row.annotations as KeyValue[];
  const number = (key: string) => {
    const value = annotation(annotations, key);
    return typeof value === 'number' ? value : null;
  };
  const kind = annotation(annotations, 'kind');
  const initTime = number('initTime');
  return {
    activationId: row.activationId,
    entityType: row.entityType,
    name: row.name,
    path: row.path,
    version: row.version,
    kind: typeof kind === 'string' ? kind : null,
    start: row.start.getTime(),
    end: row.end?.getTime() ?? null,
    duration: row.duration,
    statusCode: row.statusCode,
    cold: initTime !== null,
    waitTime: number('waitTime'),
    initTime,
    cause: row.cause,
  };
}

function statusWhere(status: ActivationStatusFilter | undefined): Prisma.ActivationWhereInput {
  switch (status) {
    case undefined:
      return {};
    case 'success':
      return { statusCode: 0 };
    case 'failed':
      return { statusCode: { not: 0 } };
    case 'application-error':
      return { statusCode: 1 };
    case 'developer-error':
      return { statusCode: 2 };
    case 'internal-error':
      return { statusCode: 3 };
  }
}

function queryWhere(caller: Caller, query: ActivationQuery): Prisma.ActivationWhereInput[] {
  const where: Prisma.ActivationWhereInput[] = [{ namespaceId: caller.namespaceId }, statusWhere(query.status)];
  if (query.path) where.push({ path: assertNoNul(query.path, 'The path filter') });
  if (query.since !== undefined) where.push({ start: { gte: filterDate(query.since, 'since') } });
  if (query.upto !== undefined) where.push({ start: { lte: filterDate(query.upto, 'upto') } });
  return where;
}

/**
 * One page of activations, newest first. Paging is by keyset on (start, id)
 * rather than OFFSET, so the thousandth page costs what the first does: the
 * (namespaceId, start) and (namespaceId, path, start) indexes find the
 * position directly. Give `before` for older rows, `after` for newer ones.
 */
export async function listActivationPage(
  db: Db,
  caller: Caller,
  query: ActivationQuery & { before?: ActivationCursor; after?: ActivationCursor; limit: number },
): Promise<ActivationPage> {
  const where = queryWhere(caller, query);
  const towardsNewer = query.after !== undefined && query.before === undefined;
  const cursor = query.before ?? query.after;
  if (cursor) {
    const at = filterDate(cursor.start, 'cursor');
    where.push(
      towardsNewer
        ? { start: { gte: at }, NOT: { start: at, activationId: { lte: cursor.activationId } } }
        : { start: { lte: at }, NOT: { start: at, activationId: { gte: cursor.activationId } } },
    );
  }
  const direction = towardsNewer ? 'asc' : 'desc';
  const rows = await db.activation.findMany({
    where: { AND: where },
    select: summaryColumns,
    orderBy: [{ start: direction }, { activationId: direction }],
    take: query.limit + 1,
  });
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit).map(toSummary);
  if (towardsNewer) items.reverse();
  const first = items[0];
  const last = items[items.length - 1];
  const cursorOf = (row: ActivationSummaryRow | undefined) => (row ? { start: row.start, activationId: row.activationId } : null);
  return {
    items,
    newer: towardsNewer ? (more ? cursorOf(first) : null) : cursor ? cursorOf(first) : null,
    older: towardsNewer ? cursorOf(last) : more ? cursorOf(last) : null,
  };
}

/** A position in the order activations finished: end time, then id. */
export interface TailCursor {
  end: number;
  activationId: string;
}

/** How far back from the cursor the tail looks for starts: longer than any activation runs. */
const TAIL_START_WINDOW_MS = 60 * 60 * 1000;

/** The tail's starting point: just after the activation that finished last. */
export async function tailCursor(db: Db, caller: Caller, now = Date.now()): Promise<TailCursor> {
  const latest = await db.activation.findFirst({
    where: { namespaceId: caller.namespaceId, start: { gte: new Date(now - TAIL_START_WINDOW_MS) }, end: { not: null } },
    select: { end: true, activationId: true },
    orderBy: [{ end: 'desc' }, { activationId: 'desc' }],
  });
  return latest?.end ? { end: latest.end.getTime(), activationId: latest.activationId } : { end: now - 1_000, activationId: '' };
}

/**
 * Activations that finished after `cursor`, oldest first: what a live tail
 * shows next. Records are written when activations end, so following `end`
 * sees every one exactly once whoever wrote it.
 */
export async function listActivationsEndedAfter(
  db: Db,
  caller: Caller,
  cursor: TailCursor,
  query: ActivationQuery,
  limit = 100,
): Promise<ActivationSummaryRow[]> {
  const at = new Date(cursor.end);
  const rows = await db.activation.findMany({
    where: {
      AND: [
        ...queryWhere(caller, query),
        { start: { gte: new Date(cursor.end - TAIL_START_WINDOW_MS) } },
        { end: { gte: at } },
        { NOT: { end: at, activationId: { lte: cursor.activationId } } },
      ],
    },
    select: summaryColumns,
    orderBy: [{ end: 'asc' }, { activationId: 'asc' }],
    take: limit,
  });
  return rows.map(toSummary);
}

/** The activations an activation caused (a sequence's components), in the order they started. */
export async function listCausedActivations(db: Db, caller: Caller, activationId: string): Promise<ActivationSummaryRow[]> {
  const rows = await db.activation.findMany({
    where: { cause: activationId, namespaceId: caller.namespaceId },
    select: summaryColumns,
    orderBy: [{ start: 'asc' }, { activationId: 'asc' }],
    take: 1_000,
  });
  return rows.map(toSummary);
}

export interface LastRun {
  activationId: string;
  start: number;
  statusCode: number;
  duration: number | null;
}

/**
 * The most recent activation of each of `paths`: one index probe per path
 * (LATERAL ... LIMIT 1), however many activations there are.
 */
export async function lastRunsByPath(db: Db, caller: Caller, paths: string[]): Promise<Map<string, LastRun>> {
  if (paths.length === 0) return new Map();
  const rows = await db.$queryRaw<{ path: string; activationId: string; start: Date; statusCode: number; duration: number | null }[]>(Prisma.sql`
    SELECT p.path, a."activationId", a."start", a."statusCode", a."duration"
    FROM unnest(${paths}::text[]) AS p(path)
    CROSS JOIN LATERAL (
      SELECT "activationId", "start", "statusCode", "duration" FROM "Activation"
      WHERE "namespaceId" = ${caller.namespaceId}::uuid AND "path" = p.path
      ORDER BY "start" DESC LIMIT 1
    ) a`);
  return new Map(
    rows.map((row) => [row.path, { activationId: row.activationId, start: row.start.getTime(), statusCode: row.statusCode, duration: row.duration }]),
  );
}
