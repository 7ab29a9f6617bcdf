// Keyset pages, the tail and last runs against a real migrated database.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastRunsByPath, listActivationPage, listActivationsEndedAfter, listCausedActivations, tailCursor, type ActivationCursor } from './activation-pages.ts';
import type { Caller } from './namespaces.ts';

let database: TestDatabase;
let db: Db;
let guest: Caller;
let other: Caller;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function hexId(n: number): string {
  return n.toString(16).padStart(32, '0');
}

async function insert(
  caller: Caller,
  n: number,
  fields: { path?: string; start: number; duration?: number; statusCode?: number; cause?: string; annotations?: unknown[] },
) {
  const duration = fields.duration ?? 10;
  await db.activation.create({
    data: {
      activationId: hexId(n),
      namespaceId: caller.namespaceId,
      name: (fields.path ?? 'a').split('/').pop()!,
      path: fields.path ?? 'a',
      version: '0.0.1',
      subject: caller.namespace,
      start: new Date(fields.start),
      end: new Date(fields.start + duration),
      duration,
      statusCode: fields.statusCode ?? 0,
      success: (fields.statusCode ?? 0) === 0,
      result: {},
      logs: [],
      annotations: (fields.annotations ?? [{ key: 'kind', value: 'nodejs:18' }]) as object[],
      cause: fields.cause ?? null,
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase('pages');
  db = createDb(database.url, { poolSize: 2 });
  const g = await db.namespace.create({ data: { name: 'guest' } });
  const o = await db.namespace.create({ data: { name: 'other' } });
  guest = { namespaceId: g.id, namespace: 'guest', subject: 'guest' };
  other = { namespaceId: o.id, namespace: 'other', subject: 'other' };
  // 120 activations, three per start time so ties must be broken by id;
  // every fourth failed; two paths.
  for (let n = 1; n <= 120; n++) {
    await insert(guest, n, { path: n % 2 ? 'odd' : 'pkg/even', start: T0 + Math.floor(n / 3) * 1000, statusCode: n % 4 === 0 ? 1 : 0 });
  }
  await insert(other, 1000, { path: 'odd', start: T0 + 500_000 });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('activation pages', () => {
  it('walks every activation exactly once, newest first, and back again', async () => {
    const seen: string[] = [];
    let before: ActivationCursor | undefined;
    const pages: { first: string; newer: ActivationCursor | null }[] = [];
    for (;;) {
      const page = await listActivationPage(db, guest, { limit: 25, ...(before ? { before } : {}) });
      seen.push(...page.items.map((row) => row.activationId));
      pages.push({ first: page.items[0]!.activationId, newer: page.newer });
      if (!page.older) break;
      before = page.older;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    const expected = Array.from({ length: 120 }, (_, i) => i + 1)
      .sort((a, b) => Math.floor(b / 3) - Math.floor(a / 3) || b - a)
      .map(hexId);
    expect(seen).toEqual(expected);
    expect(pages[0]!.newer).toBeNull();

    // From the last page, "newer" leads back to the page before it.
    const last = pages[pages.length - 1]!;
    const back = await listActivationPage(db, guest, { limit: 25, after: last.newer! });
    expect(back.items[0]!.activationId).toBe(pages[pages.length - 2]!.first);
    expect(back.items).toHaveLength(25);
    expect(back.older).not.toBeNull();
  });

  it('filters by path, status and time, and never shows another namespace', async () => {
    const even = await listActivationPage(db, guest, { path: 'pkg/even', limit: 200 });
    expect(even.items).toHaveLength(60);
    expect(even.items.every((row) => row.path === 'pkg/even')).toBe(true);
    const failed = await listActivationPage(db, guest, { status: 'failed', limit: 200 });
    expect(failed.items).toHaveLength(30);
    expect(failed.items.every((row) => row.statusCode !== 0)).toBe(true);
    const ok = await listActivationPage(db, guest, { status: 'success', limit: 200 });
    expect(ok.items).toHaveLength(90);
    const window = await listActivationPage(db, guest, { since: T0 + 10_000, upto: T0 + 12_000, limit: 200 });
    expect(window.items.map((row) => row.start)).toEqual(expect.arrayContaining([T0 + 10_000, T0 + 11_000, T0 + 12_000]));
    expect(window.items).toHaveLength(9);
    const all = await listActivationPage(db, guest, { limit: 200 });
    expect(all.items.some((row) => row.activationId === hexId(1000))).toBe(false);
  });
});

describe('the live tail', () => {
  it('returns what finished after the cursor, oldest first, once', async () => {
    const start = await tailCursor(db, guest, T0 + 60_000);
    expect(start.end).toBe(T0 + 40_000 + 10);
    expect(await listActivationsEndedAfter(db, guest, start, {})).toEqual([]);

    await insert(guest, 2001, { path: 'odd', start: T0 + 50_000, duration: 5 });
    await insert(guest, 2002, { path: 'odd', start: T0 + 49_000, duration: 6_005 });
    await insert(guest, 3001, { path: 'odd', start: T0 + 50_000, duration: 5, cause: hexId(2002) });
    const rows = await listActivationsEndedAfter(db, guest, start, {});
    // Same end time: ordered by id. The long-running one started earlier but ended later.
    expect(rows.map((row) => row.activationId)).toEqual([hexId(2001), hexId(3001), hexId(2002)]);
    const after = { end: rows[1]!.end!, activationId: rows[1]!.activationId };
    expect((await listActivationsEndedAfter(db, guest, after, {})).map((row) => row.activationId)).toEqual([hexId(2002)]);
    expect((await listActivationsEndedAfter(db, other, start, {})).map((row) => row.activationId)).toEqual([hexId(1000)]);

    const caused = await listCausedActivations(db, guest, hexId(2002));
    expect(caused.map((row) => row.activationId)).toEqual([hexId(3001)]);
    expect(await listCausedActivations(db, other, hexId(2002))).toEqual([]);
  });

  it("knows each action's last run", async () => {
    const runs = await lastRunsByPath(db, guest, ['odd', 'pkg/even', 'never']);
    expect(runs.get('odd')?.activationId).toBe(hexId(2001));
    expect(runs.get('pkg/even')?.activationId).toBe(hexId(120));
    expect(runs.has('never')).toBe(false);
  });
});
