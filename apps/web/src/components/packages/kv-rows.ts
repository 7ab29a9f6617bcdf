// Parameters and annotations as the package, trigger and rule forms edit
// them: rows of text checked with core's keyValueListSchema (the schema the
// services apply) before anything is sent. Shared by the three folders; it
// lives here because packages were the first to need it.
import type { KeyValue } from '@brisk/core';
import { keyValueListSchema } from '@brisk/core/entity-schemas';
import { valueOf, type KvRow } from '@/components/actions/draft';

export type { KvRow };

/** Rows for the editor; `hidden` keys are managed by the server and not edited (a binding's `binding`). */
export function kvRowsOf(entries: readonly { key: string; value?: unknown }[], hidden: readonly string[] = []): KvRow[] {
  return entries
    .filter((entry) => !hidden.includes(entry.key))
    .map((entry) => ({ key: entry.key, value: typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value) }));
}

/** The entries to send, or the first problem with them in one sentence. */
export function checkKvRows(rows: readonly KvRow[], what: 'Parameter' | 'Annotation'): { entries: KeyValue[]; problem?: string } {
  const entries = rows.map((row) => ({ key: row.key.trim(), value: valueOf(row.value) }));
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
