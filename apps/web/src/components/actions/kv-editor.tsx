'use client';
import { IconPlus, IconX } from '@/components/ui/icons';
import type { KvRow } from '@/lib/kv-rows';

/** Rows of key and value; a value is JSON, or text taken as a string. */
export function KvEditor(props: { label: string; rows: KvRow[]; onChange: (rows: KvRow[]) => void; problem?: string }) {
  const update = (index: number, patch: Partial<KvRow>) => props.onChange(props.rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const singular = props.label.replace(/s$/, '').toLowerCase();
  return (
    <div>
      {props.rows.length > 0 ? (
        <table className="kv-table" aria-label={props.label}>
          <thead>
            <tr>
              <th>Key</th>
              <th>Value (JSON or text)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the inputs are controlled, so a row is its position in the list
              <tr key={index}>
                <td>
                  <input
                    className="input mono"
                    aria-label={`${props.label} ${index + 1} key`}
                    value={row.key}
                    onChange={(event) => update(index, { key: event.target.value })}
                  />
                </td>
                <td>
                  <input
                    className="input mono"
                    aria-label={`${props.label} ${index + 1} value`}
                    value={row.value}
                    onChange={(event) => update(index, { value: event.target.value })}
                  />
                </td>
                <td style={{ width: 30 }}>
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Remove ${singular} ${row.key || index + 1}`}
                    onClick={() => props.onChange(props.rows.filter((_, i) => i !== index))}
                  >
                    <IconX />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint" style={{ margin: '0 0 6px' }}>
          No {props.label.toLowerCase()}.
        </p>
      )}
      {props.problem && (
        <p className="field-error" role="alert">
          {props.problem}
        </p>
      )}
      <button type="button" className="btn btn-sm" onClick={() => props.onChange([...props.rows, { key: '', value: '' }])}>
        <IconPlus /> Add {singular}
      </button>
    </div>
  );
}
