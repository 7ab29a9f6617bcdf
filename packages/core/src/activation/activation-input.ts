// An activation's input: the merged parameters it ran with (package < action
// < invocation; environment variables are never parameters, so they are not
// here), kept in its row for the console's activation page and re-runs.
// Bounded: past MAX_STORED_INPUT_BYTES top-level values that do not fit are
// left out, each named in `truncated`, and such an input cannot be re-run.
// Kept and deleted with the record (activation retention), and not part of
// OpenWhisk's record shape.

/** The stored input's budget: its parameters as JSON, UTF-8. */
export const MAX_STORED_INPUT_BYTES = 32 * 1024;

export interface ActivationInput {
  params: Record<string, unknown>;
  /** The top-level parameters left out for size (their values were not kept). */
  truncated: string[];
  /** The size of the whole input as JSON, UTF-8. */
  bytes: number;
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

/** The input as stored: whole when it fits, else the parameters that fit, in order, and the names of the others. */
export function storedInput(params: Record<string, unknown>, budget = MAX_STORED_INPUT_BYTES): ActivationInput {
  const bytes = jsonBytes(params);
  if (bytes <= budget) return { params, truncated: [], bytes };
  const kept: Record<string, unknown> = {};
  const truncated: string[] = [];
  let used = 2;
  for (const [key, value] of Object.entries(params)) {
    const cost = jsonBytes(key) + 1 + jsonBytes(value) + 1;
    if (used + cost <= budget) {
      kept[key] = value;
      used += cost;
    } else truncated.push(key);
  }
  return { params: kept, truncated, bytes };
}

/** The column read back, or undefined for a record stored without one (before this, or a lost activation's). */
export function inputOfColumn(column: unknown): ActivationInput | undefined {
  if (typeof column !== 'object' || column === null) return undefined;
  const { params, truncated, bytes } = column as Partial<ActivationInput>;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  return {
    params,
    truncated: Array.isArray(truncated) ? truncated.filter((key) => typeof key === 'string') : [],
    bytes: typeof bytes === 'number' ? bytes : 0,
  };
}
