// The completion message: written around a record serialised once, read back whole.
import { describe, expect, it } from 'vitest';
import { completionMessageText, parseCompletionMessage } from './queue.ts';

describe('completion messages', () => {
  it('carry the record and the trace exactly as serialised', () => {
    const record = { activationId: 'a'.repeat(32), logs: ['line "quoted" \\ and \u2028'], response: { result: { ü: 1 } } };
    const text = completionMessageText(record.activationId, JSON.stringify(record), { picked: 1.5 });
    expect(parseCompletionMessage(text)).toEqual({ activationId: record.activationId, record, trace: { picked: 1.5 } });
    expect(parseCompletionMessage(completionMessageText('b'.repeat(32), '{}'))).toEqual({ activationId: 'b'.repeat(32), record: {} });
  });
});
