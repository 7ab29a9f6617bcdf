// Parameters and annotations as the console's forms edit them: rows of text,
// checked with core's keyValueListSchema (the schema the services apply)
// before anything is sent.
import type { KeyValue } from '@brisk/core';
import { keyValueListSchema } from '@brisk/core/browser';

export interface KvRow {
  key: string;
  /** JSON text, or plain text taken as a string (as `wsk -p key value` does). */
  value: string;
}

/** Rows for the editor; `hidden` keys are managed elsewhere and not edited (a binding's `binding`, an action's `exec`). */
export function kvRowsOf(entries: readonly { key: string; value?: unknown }[], hidden: readonly string[] = []): KvRow[] {
  return entries
    .filter((entry) => !hidden.includes(entry.key))
    .map((entry) => ({ key: entry.key, value: typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value) }));
}

/** Reads a typed value: JSON when it parses, otherwise the text itself. */
export function parseRowValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}

/** The entries to send, or the first problem with them in one sentence. */
export function checkKvRows(rows: readonly KvRow[], what: 'Parameter' | 'Annotation'): { entries: KeyValue[]; problem?: string } {
  const entries = rows.map((row) => ({ key: row.key.trim(), value: parseRowValue(row.value) }));
  const parsed = keyValueListSchema.safeParse(entries);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { entries, problem: `${what} ${Number(issue.path[0]) + 1}: ${issue.message}` };
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.key)) return { entries, problem: `${what}: the key "${entry.key}" appears twice.` };
    seen.add(entry.key);
  }
  return { entries };
}

export function sameRows(a: readonly KvRow[], b: readonly KvRow[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
