// The console's dashboard at volume: a namespace with many activations spread
// over 30 days, its 30-day dashboard from the rollups against the same numbers
// aggregated from the raw records (what the dashboard did before), and what
// the rollup trigger costs each record the writer stores, with and without
// it, in one run. Needs the database, so it runs only against the
// benchmark's own Brisk (or a database of its own, nothing else writing).
import { activationStats, rawActivationStats, RecordWriter } from '@brisk/core';
import { createDb, type Db } from '@brisk/db';
import { guestCaller, insertActivations } from '../lib/bulk-activations.ts';
import { summarize, type Summary, timeIt } from '../lib/load.ts';
import type { Row } from '../lib/report.ts';

export interface DashboardResult {
  rows: number;
  insertMs: number;
  rollupRows: number;
  raw30d: Summary;
  rollup30d: Summary;
  rollup24h: Summary;
  /** One record per INSERT (a quiet worker, the warm path): ms per record. */
  writeOneWithout: Summary;
  writeOneWith: Summary;
  /** Records saved 500 at a time (group commit): ms per record. */
  writeBatchedWithout: number;
  writeBatchedWith: number;
}

const DAY_MS = 86_400_000;

async function setTrigger(db: Db, enabled: boolean): Promise<void> {
  await db.$executeRawUnsafe(`ALTER TABLE "Activation" ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER "Activation_rollup"`);
}

export async function dashboardScenario(databaseUrl: string, rows: number, prefix: string): Promise<DashboardResult> {
  const db = createDb(databaseUrl, { poolSize: 2 });
  const writer = RecordWriter.connect(databaseUrl);
  try {
    const caller = await guestCaller(db);
    const guest = { id: caller.namespaceId };
    // Twenty actions, evenly over 30 days; durations from 1 ms to about 3 s, one in 20 cold, one in 50 failed.
    const insertMs = await insertActivations(
      db,
      `SELECT md5($2 || n::text), $1::uuid, $2 || '-' || (n % 20), $2 || '-' || (n % 20), '0.0.1', 'guest',
              now() - n * ($4::float8 / $3::int) * interval '1 millisecond', now(), floor(exp((n % 997) / 125.0))::int,
              CASE WHEN n % 50 = 0 THEN 1 ELSE 0 END, n % 50 <> 0, '{"ok":true}', ARRAY[]::text[],
              CASE WHEN n % 20 = 0 THEN '[{"key":"kind","value":"nodejs:20"},{"key":"initTime","value":40}]'
                   ELSE '[{"key":"kind","value":"nodejs:20"},{"key":"waitTime","value":1}]' END::jsonb
       FROM generate_series(1, $3::int) AS n`,
      guest.id,
      prefix,
      rows,
      30 * DAY_MS - 60_000,
    );
    const [rollupCount] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "ActivationRollup" WHERE "namespaceId" = $1::uuid`, guest.id);

    const raw30d = await timeIt(5, () => rawActivationStats(db, caller, { range: '30d' }));
    const rollup30d = await timeIt(30, () => activationStats(db, caller, { range: '30d' }));
    const rollup24h = await timeIt(30, () => activationStats(db, caller, { range: '24h' }));

    // The writer's own statement, one record at a time, alternating with and without the trigger.
    let serial = 0;
    const record = () => {
      const now = Date.now();
      const activationId = `${prefix}w${(serial++).toString(16)}`.padEnd(32, '0').slice(0, 32);
      return {
        namespace: 'guest',
        name: `${prefix}-w`,
        version: '0.0.1',
        subject: 'guest',
        activationId,
        start: now - 3,
        end: now,
        duration: 3,
        statusCode: 0,
        response: { status: 'success', statusCode: 0, success: true, result: { ok: true } },
        logs: [],
        annotations: [{ key: 'kind', value: 'nodejs:20' }],
        publish: false,
      };
    };
    const save = () => writer.save(guest.id, { type: 'action', path: `${prefix}-w` }, record());
    const one: Record<'with' | 'without', number[]> = { with: [], without: [] };
    const batched: Record<'with' | 'without', number> = { with: 0, without: 0 };
    try {
      for (let round = 0; round < 6; round++) {
        for (const mode of ['without', 'with'] as const) {
          await setTrigger(db, mode === 'with');
          for (let i = 0; i < 100; i++) {
            const start = performance.now();
            await save();
            one[mode].push(performance.now() - start);
          }
          const start = performance.now();
          await Promise.all(Array.from({ length: 500 }, save));
          batched[mode] += (performance.now() - start) / 500 / 6;
        }
      }
    } finally {
      await setTrigger(db, true);
    }
    await db.$executeRawUnsafe(`DELETE FROM "Activation" WHERE "namespaceId" = $1::uuid AND "path" LIKE $2`, guest.id, `${prefix}-%`);
    await db.$executeRawUnsafe(`DELETE FROM "ActivationRollup" WHERE "namespaceId" = $1::uuid AND "path" LIKE $2`, guest.id, `${prefix}-%`);
    return {
      rows,
      insertMs,
      rollupRows: Number(rollupCount!.n),
      raw30d,
      rollup30d,
      rollup24h,
      writeOneWithout: summarize(one.without),
      writeOneWith: summarize(one.with),
      writeBatchedWithout: batched.without,
      writeBatchedWith: batched.with,
    };
  } finally {
    await writer.close();
    await db.$disconnect();
  }
}

export function dashboardRows(d: DashboardResult): Row[] {
  const out: Row[] = [];
  const among = `${d.rows.toLocaleString('en')} activations over 30 days (inserted in ${(d.insertMs / 1000).toFixed(1)} s, ${d.rollupRows.toLocaleString('en')} rollup rows)`;
  out.push({ scenario: 'dashboard 30d: raw records (before)', p50: d.raw30d.p50, p99: d.raw30d.p99, note: `${among}; p99 column: max of 5` });
  out.push({
    scenario: 'dashboard 30d: rollups',
    p50: d.rollup30d.p50,
    p99: d.rollup30d.p99,
    note: `${(d.raw30d.p50 / d.rollup30d.p50).toFixed(0)}x faster at the median`,
  });
  out.push({ scenario: 'dashboard 24h: rollups', p50: d.rollup24h.p50, p99: d.rollup24h.p99, note: among });
  out.push({
    scenario: 'record write, one per INSERT: no trigger',
    p50: d.writeOneWithout.p50,
    p99: d.writeOneWithout.p99,
    note: 'ms per record, RecordWriter.save awaited one by one',
  });
  out.push({
    scenario: 'record write, one per INSERT: rollup trigger',
    p50: d.writeOneWith.p50,
    p99: d.writeOneWith.p99,
    note: `+${(d.writeOneWith.p50 - d.writeOneWithout.p50).toFixed(3)} ms at the median; batched 500 at a time: ${d.writeBatchedWithout.toFixed(3)} -> ${d.writeBatchedWith.toFixed(3)} ms per record`,
  });
  return out;
}
