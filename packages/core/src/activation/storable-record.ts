// A record must be stored, whatever the action answered: a result nested
// deeper than Postgres and JSON.stringify can take (a hostile action can
// nest one 5,000 deep within the size limit) would otherwise throw in the
// settle step, leaving the activation pending for ever with its throttle
// slot held. Such a result becomes the action's error (statusCode 2).
import { type ActivationRecord, makeResponse, STATUS } from '../activation-record.ts';

/** How deep a result may nest; far beyond what any real result needs, well within what Postgres's jsonb takes. */
export const MAX_RESULT_DEPTH = 200;

/** The record, or the record with its result replaced by a developer error saying why it could not be kept. */
export function storableRecord(record: ActivationRecord): ActivationRecord {
  if (depthExceeds(record.response.result, MAX_RESULT_DEPTH)) {
    return withError(record, `The action's result is nested more than ${MAX_RESULT_DEPTH} levels deep; it cannot be stored.`);
  }
  return record;
}

/** The record as JSON text; a record that still cannot be written as JSON (a cycle never comes from a runtime) is reported rather than thrown. */
export function recordText(record: ActivationRecord): { record: ActivationRecord; text: string } {
  const checked = storableRecord(record);
  try {
    return { record: checked, text: JSON.stringify(checked) };
  } catch (error) {
    const replaced = withError(checked, `The action's result cannot be stored: ${(error as Error).message}`);
    return { record: replaced, text: JSON.stringify(replaced) };
  }
}

function withError(record: ActivationRecord, error: string): ActivationRecord {
  return { ...record, statusCode: STATUS.developerError, response: makeResponse(STATUS.developerError, { error }) };
}

/** Iterative, so a deep value cannot overflow the stack while it is measured. */
function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
