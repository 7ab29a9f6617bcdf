// Postgres stopped for 15 s under load, against a Brisk with a PostgreSQL
// server of its own: activations accepted before and during the outage run,
// blocking callers are answered (the completion travels through Redis), what
// needs Postgres answers 503 with Retry-After, and once Postgres is back every
// accepted activation has its record (written by the retrying writer), none
// pending.
import { ApiClient } from '@brisk/testing/api-client';
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { type OwnPostgres, startOwnPostgres } from '@brisk/testing/own-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endedRecords, sleeperAction, sleeperLogs } from './fault-support';

let postgres: OwnPostgres;
let brisk: BriskInstance;
let api: ApiClient;

beforeAll(async () => {
  postgres = await startOwnPostgres();
  brisk = await startBrisk({ databaseUrl: postgres.url });
  api = new ApiClient(brisk.url, brisk.guestKey);
}, 180_000);

afterAll(async () => {
  await brisk?.stop();
  await postgres?.destroy();
});

describe('Postgres stopped for 15 s', () => {
  it('loses no accepted activation, answers blocking callers, and refuses what needs Postgres with 503', async () => {
    expect((await api.putAction('sleeper', sleeperAction(2000))).status).toBe(200);
    expect((await api.invoke('sleeper', { n: -1 }, { blocking: true, result: true })).status).toBe(200);

    const accepted: string[] = [];
    for (let n = 0; n < 50; n++) {
      const answer = await api.invoke('sleeper', { n }, { blocking: false });
      expect(answer.status).toBe(202);
      accepted.push(answer.body.activationId as string);
    }
    await postgres.stop();
    const stoppedAt = Date.now();

    // Blocking callers during the outage: the action is known (cached), the queue is up, the answer comes through Redis.
    const blocking = await Promise.all(
      [100, 101, 102].map((n) => api.invoke('sleeper', { n }, { blocking: true, result: true }).then((answer) => ({ answer, at: Date.now() }))),
    );
    for (const { answer, at } of blocking) {
      expect(answer.status).toBe(200);
      expect(answer.body.n).toBeGreaterThanOrEqual(100);
      expect(at - stoppedAt).toBeLessThan(15_000);
    }
    // What needs Postgres: 503 with Retry-After, never 500.
    for (const [method, path] of [
      ['GET', '/namespaces/_/activations'],
      ['PUT', '/namespaces/_/actions/written-during-outage'],
    ] as const) {
      const answer = await api.request(method, path, method === 'PUT' ? { body: { exec: { kind: 'nodejs:default', code: 'function main() {}' } } } : {});
      expect(answer.status, `${method} ${path}`).toBe(503);
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    }

    const outage = 15_000 - (Date.now() - stoppedAt);
    if (outage > 0) await new Promise((resolve) => setTimeout(resolve, outage));
    await postgres.start();
    const restartedAt = Date.now();

    // Every accepted activation ends as its record, ran once.
    const records = await endedRecords(api, accepted, { timeoutMs: 120_000, strict: false });
    expect(records.size).toBe(accepted.length);
    for (const record of records.values()) {
      expect(record.response.statusCode).toBe(0);
      expect(sleeperLogs(record)).toEqual([`ran ${record.response.result.n}`]);
    }
    // And Postgres holds each once, the blocking ones too: the list reads Postgres, not the recent copies in Redis.
    let ids: string[] = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const list = await api.request('GET', '/namespaces/_/activations', { query: { name: 'sleeper', limit: 200 } });
      ids = list.status === 200 ? (list.body as { activationId: string }[]).map((summary) => summary.activationId) : [];
      if (accepted.every((id) => ids.includes(id))) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    for (const id of accepted) expect(ids.filter((listed) => listed === id)).toHaveLength(1);
    expect(ids).toHaveLength(accepted.length + blocking.length + 1);
    console.log(
      `postgres outage: blocking callers answered ${blocking.map(({ at }) => at - stoppedAt).join(', ')} ms into it; all ${accepted.length} records in ${Date.now() - restartedAt} ms after the restart`,
    );
  }, 240_000);
});
