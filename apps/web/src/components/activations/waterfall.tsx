// A sequence run as a waterfall: each component activation as a bar on the
// run's time axis (its /init, when cold, in amber), with its duration.
import Link from 'next/link';
import type { ActivationSummaryRow } from '@brisk/core';
import { formatDuration } from '@/lib/format';

export function Waterfall(props: { rows: ActivationSummaryRow[]; span?: { start: number; end: number } }) {
  const { rows } = props;
  if (rows.length === 0) return <p className="hint">No component activations recorded.</p>;
  const start = Math.min(props.span?.start ?? Infinity, ...rows.map((row) => row.start));
  const end = Math.max(props.span?.end ?? 0, ...rows.map((row) => row.end ?? row.start + (row.duration ?? 0)));
  const total = Math.max(1, end - start);
  const pct = (ms: number) => `${(ms / total) * 100}%`;
  return (
    <div className="waterfall" role="list" aria-label="Component activations">
      {rows.map((row, index) => {
        const duration = row.duration ?? (row.end ?? row.start) - row.start;
        return (
          <div key={row.activationId} className="wf-row" role="listitem" aria-label={`${index + 1}. ${row.path}: ${formatDuration(duration)}`}>
            <Link className="wf-name" href={`/activations/${row.activationId}`} title={row.path}>
              {index + 1}. {row.path}
            </Link>
            <div className="wf-track">
              <div className={`wf-bar ${row.statusCode === 0 ? '' : 'err'}`} style={{ left: pct(row.start - start), width: pct(duration) }} />
              {row.initTime ? (
                <div
                  className="wf-bar init"
                  style={{ left: pct(row.start - start), width: pct(row.initTime) }}
                  title={`init ${formatDuration(row.initTime)}`}
                />
              ) : null}
            </div>
            <span className="wf-ms">{formatDuration(duration)}</span>
          </div>
        );
      })}
      <div className="legend">
        <span>
          <i style={{ background: 'var(--accent)' }} />
          run
        </span>
        <span>
          <i style={{ background: '#e5a000' }} />
          init (cold start)
        </span>
        <span>
          <i style={{ background: 'var(--err)' }} />
          failed
        </span>
        <span style={{ marginLeft: 'auto' }}>total {formatDuration(end - start)}</span>
      </div>
    </div>
  );
}
