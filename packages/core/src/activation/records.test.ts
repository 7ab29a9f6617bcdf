// The one place records are built: every kind agrees on path and cause, and
// every row is storable (issue 9: NUL, and the pending record's path).
import { describe, expect, it } from 'vitest';
import { STATUS } from '../activation-record.ts';
import type { ActivationJob } from '../queue.ts';
import { activationRow, jobRecord, LOST_MESSAGE, lostRecord, pendingRecord, triggerRecord } from './records.ts';

// An action of a package shared from another namespace, invoked through its binding.
const job: ActivationJob = {
  activationId: 'a'.repeat(32),
  namespaceId: 'ns-id',
  namespace: 'guest',
  subject: 'guest',
  action: { id: 'action-id', version: '0.0.2', packageName: 'mybinding', name: 'hello', kind: 'nodejs:18', home: 'owner/utils/hello' },
  params: {},
  cause: 'b'.repeat(32),
  acceptedAt: 1_000,
};

const annotation = (record: { annotations: { key: string; value: unknown }[] }, key: string) => record.annotations.find((entry) => entry.key === key)?.value;

describe('activation records', () => {
  it('gives a pending record the same path and cause as the finished one (a shared package’s action too)', () => {
    const finished = jobRecord(job, { start: 1_500, end: 1_750, statusCode: STATUS.success, result: { ok: true } });
    const pending = pendingRecord(job);
    expect(annotation(pending, 'path')).toBe('owner/utils/hello');
    expect(annotation(pending, 'path')).toBe(annotation(finished, 'path'));
    expect(pending.cause).toBe(finished.cause);
    expect(pending.response).toEqual({ status: 'pending', statusCode: 0, success: false });
    expect(pending.start).toBe(1_000);
    expect(finished).toMatchObject({ duration: 250, statusCode: 0, response: { status: 'success', success: true, result: { ok: true } }, logs: [] });
  });

  it('records a lost activation as the platform’s error, with its kind', () => {
    const lost = lostRecord(job, 2_000, 2_600);
    expect(lost).toMatchObject({ statusCode: STATUS.internalError, duration: 600, response: { result: { error: LOST_MESSAGE } } });
    expect(annotation(lost, 'kind')).toBe('nodejs:18');
  });

  it('makes a row Postgres can store: NUL in logs, results, annotations and names becomes U+FFFD, escaped text stays', () => {
    const record = triggerRecord(
      { namespace: 'guest', name: 'tick', version: '0.0.1', subject: 'guest', activationId: 'c'.repeat(32) },
      5_000,
      { payload: 'a\u0000b', 'k\u0000': 1, text: 'not a NUL: \\u0000' },
      [{ rule: 'guest/r', note: '\u0000' }],
    );
    const row = activationRow('ns-id', { type: 'trigger', path: 'tick' }, record);
    expect(row.result).toEqual({ payload: 'a\ufffdb', 'k\ufffd': 1, text: 'not a NUL: \\u0000' });
    // A rule outcome is logged as JSON, where a NUL is already the text \u0000.
    expect(row.logs).toEqual([JSON.stringify({ rule: 'guest/r', note: '\u0000' })]);
    const printed = activationRow(
      'ns-id',
      { type: 'action', path: 'hello' },
      jobRecord(job, { start: 0, end: 1, statusCode: STATUS.success, result: {}, logs: ['2026-12-02T00:00:00.000Z stdout: a\u0000b'] }),
    );
    expect(printed.logs).toEqual(['2026-12-02T00:00:00.000Z stdout: a\ufffdb']);
    expect(row).toMatchObject({ entityType: 'trigger', path: 'tick', statusCode: 0, success: true, start: new Date(5_000), end: new Date(5_000) });
    expect(annotation(record, 'path')).toBe('guest/tick');
  });
});
