// The console's list of actions: search by name, filter by kind, each with
// its last run.
import type { Db, Prisma } from '@brisk/db';
import { lastRunsByPath, type LastRun } from './activation-pages.ts';
import type { Caller } from './namespaces.ts';

export interface ActionListItem {
  /** "pkg/name" or "name". */
  path: string;
  packageName: string;
  name: string;
  kind: string;
  version: string;
  updated: number;
  lastRun: LastRun | null;
}

export interface ActionSearch {
  /** Matches anywhere in the path, ignoring case. */
  query?: string;
  /** A kind ("nodejs:18", "sequence") or a family ("nodejs", "python"). */
  kind?: string;
  limit: number;
}

/** Lists the caller's actions by path, with each one's latest activation. */
export async function searchActions(db: Db, caller: Caller, search: ActionSearch): Promise<{ items: ActionListItem[]; total: number }> {
  const where: Prisma.ActionWhereInput = { namespaceId: caller.namespaceId };
  const query = search.query?.trim();
  if (query) {
    const [pkg, name] = query.includes('/') ? query.split('/', 2) : [undefined, query];
    where.OR =
      pkg !== undefined
        ? [{ packageName: { contains: pkg, mode: 'insensitive' }, name: { contains: name ?? '', mode: 'insensitive' } }]
        : [{ name: { contains: query, mode: 'insensitive' } }, { packageName: { contains: query, mode: 'insensitive' } }];
  }
  if (search.kind)
    where.kind = search.kind.includes(':') || search.kind === 'sequence' || search.kind === 'blackbox' ? search.kind : { startsWith: `${search.kind}:` };
  const [rows, total] = await Promise.all([
    db.action.findMany({
      where,
      select: { packageName: true, name: true, kind: true, version: true, updatedAt: true },
      orderBy: [{ packageName: 'asc' }, { name: 'asc' }],
      take: search.limit,
    }),
    db.action.count({ where }),
  ]);
  const paths = rows.map((row) => (row.packageName ? `${row.packageName}/${row.name}` : row.name));
  const lastRuns = await lastRunsByPath(db, caller, paths);
  return {
    total,
    items: rows.map((row, index) => ({
      path: paths[index]!,
      packageName: row.packageName,
      name: row.name,
      kind: row.kind,
      version: row.version,
      updated: row.updatedAt.getTime(),
      lastRun: lastRuns.get(paths[index]!) ?? null,
    })),
  };
}
