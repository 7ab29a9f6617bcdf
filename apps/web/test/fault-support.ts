// What the fault tests share: an action that logs its number, waits and
// answers it (so a record shows whether and how often it ran), and reading
// back the records of accepted activations once they have ended.
import type { ApiClient } from '@brisk/testing/api-client';
import { expect } from 'vitest';

export const sleeperAction = (ms: number) => ({
  exec: {
    kind: 'nodejs:default',
    code: `async function main(p) {
  console.log('ran ' + p.n);
  await new Promise((resolve) => setTimeout(resolve, ${ms}));
  return { n: p.n };
}`,
  },
});

/** The log lines a sleeper's record holds, without their time and stream. */
export const sleeperLogs = (record: { logs: string[] }) => record.logs.map((line) => line.replace(/^\S+\s+stdout: /, ''));

/**
 * The ended records of `ids`, read one by one until none is pending (or the
 * time is up). `strict`: every read must be 200 (never a 404 for an id the
 * caller holds); otherwise reads that fail (an outage's 503) are tried again.
 */
export async function endedRecords(api: ApiClient, ids: string[], options: { timeoutMs: number; strict: boolean }): Promise<Map<string, any>> {
  const deadline = Date.now() + options.timeoutMs;
  const records = new Map<string, any>();
  while (records.size < ids.length && Date.now() < deadline) {
    for (const id of ids) {
      if (records.has(id)) continue;
      const got = await api.request('GET', `/namespaces/_/activations/${id}`);
      if (options.strict) expect(got.status, `activation ${id}`).toBe(200);
      if (got.status === 200 && got.body.response.status !== 'pending') records.set(id, got.body);
    }
    if (records.size < ids.length) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return records;
}
