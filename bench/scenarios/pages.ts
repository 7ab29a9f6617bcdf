// The console's activation pages at depth: a namespace with a million
// activations, the first page and one 90% of the way down by keyset
// (what the console does), against the same depth by OFFSET. Needs the
// database, so it runs only against the benchmark's own Brisk.
import { listActivationPage, type ActivationCursor } from '@brisk/core';
import { createDb } from '@brisk/db';
import { guestCaller, insertActivations } from '../lib/bulk-activations.ts';
import { type Summary, timeIt } from '../lib/load.ts';
import type { Row } from '../lib/report.ts';

export interface PagesResult {
  rows: number;
  insertMs: number;
  firstPage: Summary;
  keysetAtDepth: Summary;
  offsetAtDepth: Summary;
  /** The same depth within one action's activations (the (namespace, path, start) index). */
  keysetAtDepthOneAction: Summary;
  depth: number;
  /** The table with its indexes, divided by its rows: what an activation costs on disk (these carry a small result, no logs). */
  bytesPerActivation: number;
}

const PAGE = 50;

export async function activationPages(databaseUrl: string, rows: number, prefix: string): Promise<PagesResult> {
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const caller = await guestCaller(db);
    const guest = { id: caller.namespaceId };
    // Ten actions, one activation every 10 ms going back in time; ids unique per row.
    const insertMs = await insertActivations(
      db,
      `SELECT md5($2 || n::text), $1::uuid, $2 || '-' || (n % 10), $2 || '-' || (n % 10), '0.0.1', 'guest',
              now() - n * interval '10 milliseconds', now() - n * interval '10 milliseconds' + interval '3 milliseconds', 3,
              CASE WHEN n % 50 = 0 THEN 1 ELSE 0 END, n % 50 <> 0, '{"ok":true}', ARRAY[]::text[],
              '[{"key":"kind","value":"nodejs:18"},{"key":"waitTime","value":1}]'
       FROM generate_series(1, $3::int) AS n`,
      guest.id,
      prefix,
      rows,
    );
    const [size] = await db.$queryRawUnsafe<{ bytes: bigint; n: bigint }[]>(
      `SELECT pg_total_relation_size('"Activation"') AS bytes, (SELECT count(*) FROM "Activation") AS n`,
    );
    const bytesPerActivation = Math.round(Number(size!.bytes) / Math.max(1, Number(size!.n)));

    const depth = Math.floor(rows * 0.9);
    const onePath = `${prefix}-3`;
    // Newest first by OFFSET: how a reader 90% down is found (once, not timed), and what keysets are compared with.
    const byOffset = (skip: number, take: number, path?: string) =>
      db.activation.findMany({
        where: { namespaceId: guest.id, ...(path ? { path } : {}) },
        orderBy: [{ start: 'desc' }, { activationId: 'desc' }],
        skip,
        take,
        select: { start: true, activationId: true },
      });
    const cursorAt = async (skip: number, path?: string): Promise<ActivationCursor> => {
      const [row] = await byOffset(skip, 1, path);
      return { start: row!.start.getTime(), activationId: row!.activationId };
    };
    const cursor = await cursorAt(depth);
    const cursorOneAction = await cursorAt(Math.floor(depth / 10), onePath);

    const firstPage = await timeIt(30, () => listActivationPage(db, caller, { limit: PAGE }));
    const keysetAtDepth = await timeIt(30, () => listActivationPage(db, caller, { limit: PAGE, before: cursor }));
    const keysetAtDepthOneAction = await timeIt(30, () => listActivationPage(db, caller, { limit: PAGE, path: onePath, before: cursorOneAction }));
    const offsetAtDepth = await timeIt(5, () => byOffset(depth, PAGE));
    await db.$executeRawUnsafe(`DELETE FROM "Activation" WHERE "namespaceId" = $1::uuid AND "path" LIKE $2`, guest.id, `${prefix}-%`);
    return { rows, insertMs, firstPage, keysetAtDepth, offsetAtDepth, keysetAtDepthOneAction, depth, bytesPerActivation };
  } finally {
    await db.$disconnect();
  }
}

export function pagesRows(p: PagesResult): Row[] {
  const out: Row[] = [];
  const depth = `row ${p.depth.toLocaleString('en')} of ${p.rows.toLocaleString('en')}`;
  out.push({
    scenario: 'activation page: first (console)',
    p50: p.firstPage.p50,
    p99: p.firstPage.p99,
    note: `${p.rows.toLocaleString('en')} rows inserted in ${(p.insertMs / 1000).toFixed(1)} s; ${p.bytesPerActivation} bytes per activation with indexes`,
  });
  out.push({ scenario: 'activation page: keyset at depth', p50: p.keysetAtDepth.p50, p99: p.keysetAtDepth.p99, note: depth });
  out.push({
    scenario: 'activation page: one action, at depth',
    p50: p.keysetAtDepthOneAction.p50,
    p99: p.keysetAtDepthOneAction.p99,
    note: `90% into one of 10 actions`,
  });
  out.push({
    scenario: 'activation page: OFFSET at depth',
    p50: p.offsetAtDepth.p50,
    p99: p.offsetAtDepth.p99,
    note: `${depth}, for comparison (p99 column: max of 5)`,
  });
  return out;
}
