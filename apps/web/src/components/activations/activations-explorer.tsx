'use client';
// Activations: filters (action, status, time), keyset pages (newer/older),
// and a live tail that adds activations as they finish.
import type { ActivationCursor, ActivationStatusFilter, ActivationSummaryRow } from '@brisk/core';
import { skipToken } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { Empty, ErrorBanner, Loading } from '@/components/ui/feedback';
import { StartBadge, StatusBadge } from '@/components/ui/status-badge';
import { actionHref, formatDateTime, formatDuration, relativeTime } from '@/lib/format';
import { errorMessage, trpc } from '@/trpc/react';
import { useDebounced } from '@/lib/use-debounced';

const STATUSES: { value: '' | ActivationStatusFilter; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'success', label: 'Success' },
  { value: 'failed', label: 'Failed (any error)' },
  { value: 'application-error', label: 'Application error' },
  { value: 'developer-error', label: 'Developer error' },
  { value: 'internal-error', label: 'Internal error' },
];

const RANGES = [
  { value: 'any', label: 'Any time', ms: 0 },
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: 'custom', label: 'Custom…', ms: 0 },
] as const;
type Range = (typeof RANGES)[number]['value'];

type Position = { before?: ActivationCursor; after?: ActivationCursor };

function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function ActivationsExplorer({ fixedPath }: { fixedPath?: string }) {
  const [pathText, setPathText] = useState('');
  const debouncedPath = useDebounced(pathText.trim(), 300);
  const retention = trpc.activations.retention.useQuery(undefined, { staleTime: 60_000 });
  const path = fixedPath ?? debouncedPath;
  const [status, setStatus] = useState<'' | ActivationStatusFilter>('');
  const [range, setRange] = useState<Range>('any');
  const [anchor, setAnchor] = useState(() => Date.now());
  const [customSince, setCustomSince] = useState(() => localInput(Date.now() - 3_600_000));
  const [customUpto, setCustomUpto] = useState(() => localInput(Date.now()));
  const [limit, setLimit] = useState(50);
  const [position, setPosition] = useState<Position>({});
  const [live, setLive] = useState(false);
  const [liveRows, setLiveRows] = useState<ActivationSummaryRow[]>([]);
  const [tailState, setTailState] = useState<'connecting' | 'live' | 'error'>('connecting');
  const [tailError, setTailError] = useState<string>();

  const timeWindow = useMemo(() => {
    if (range === 'custom') {
      const since = Date.parse(customSince);
      const upto = Date.parse(customUpto);
      return { ...(Number.isFinite(since) ? { since } : {}), ...(Number.isFinite(upto) ? { upto: upto + 59_999 } : {}) };
    }
    const ms = RANGES.find((entry) => entry.value === range)?.ms ?? 0;
    return ms ? { since: anchor - ms } : {};
  }, [range, anchor, customSince, customUpto]);

  const filter = { ...(path ? { path } : {}), ...(status ? { status } : {}) };
  const page = trpc.activations.page.useQuery(
    { ...filter, ...(live ? {} : timeWindow), ...(live ? {} : position), limit },
    { placeholderData: (previous) => previous },
  );
  const actions = trpc.actions.list.useQuery(fixedPath ? skipToken : {});

  // A change of filter starts over at the newest page, and clears the tail.
  const filterKey = JSON.stringify([filter, timeWindow, limit, live]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey is the trigger: a new filter starts over
  useEffect(() => {
    setPosition({});
    setLiveRows([]);
  }, [filterKey]);

  trpc.activations.tail.useSubscription(live ? filter : skipToken, {
    onStarted: () => setTailState('connecting'),
    onData(envelope) {
      setTailState('live');
      setTailError(undefined);
      const rows = envelope.data;
      if (rows.length === 0) return;
      setLiveRows((current) => {
        const seen = new Set(current.map((row) => row.activationId));
        const fresh = rows.filter((row) => !seen.has(row.activationId)).reverse();
        return [...fresh, ...current].slice(0, 500);
      });
    },
    onError(error) {
      setTailState('error');
      setTailError(errorMessage(error));
    },
  });

  // Rows of the previous filter stay on screen until the new page arrives; say so, and dim them.
  const stale = (!fixedPath && pathText.trim() !== debouncedPath) || page.isPlaceholderData;
  const liveIds = new Set(liveRows.map((row) => row.activationId));
  const rows = live ? [...liveRows, ...(page.data?.items ?? []).filter((row) => !liveIds.has(row.activationId))] : (page.data?.items ?? []);

  return (
    <div className={fixedPath ? '' : 'page'} style={fixedPath ? { padding: 16 } : undefined}>
      {!fixedPath && (
        <div className="page-head">
          <h1>Activations</h1>
          <span className="grow" />
          {retention.data && <span className="hint">Records are kept {retention.data.days === 1 ? '1 day' : `${retention.data.days} days`}</span>}
        </div>
      )}
      <div className="panel">
        <div className="panel-head" style={{ flexWrap: 'wrap' }}>
          {!fixedPath && (
            <>
              <input
                className="input mono"
                list="activation-action-paths"
                placeholder="All actions"
                aria-label="Action filter"
                value={pathText}
                onChange={(event) => setPathText(event.target.value)}
                style={{ width: 220 }}
              />
              <datalist id="activation-action-paths">
                {(actions.data?.items ?? []).map((item) => (
                  <option key={item.path} value={item.path} />
                ))}
              </datalist>
            </>
          )}
          <select className="select" aria-label="Status filter" value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
            {STATUSES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <select
            className="select"
            aria-label="Time range"
            value={range}
            disabled={live}
            onChange={(event) => {
              setRange(event.target.value as Range);
              setAnchor(Date.now());
            }}
          >
            {RANGES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {range === 'custom' && !live && (
            <>
              <input className="input" type="datetime-local" aria-label="From" value={customSince} onChange={(event) => setCustomSince(event.target.value)} />
              <span className="faint">to</span>
              <input className="input" type="datetime-local" aria-label="Until" value={customUpto} onChange={(event) => setCustomUpto(event.target.value)} />
            </>
          )}
          <span style={{ flex: 1 }} />
          {live && (
            <span className="badge ok" role="status" aria-live="polite">
              {tailState === 'live' ? <span className="live-dot" /> : <span className="spin" style={{ width: 8, height: 8, borderWidth: 1.5 }} />}
              {tailState === 'live' ? 'Live: new activations appear as they finish' : tailState === 'error' ? 'Reconnecting…' : 'Connecting…'}
            </span>
          )}
          <button
            type="button"
            className={`btn ${live ? 'btn-primary' : ''}`}
            aria-pressed={live}
            onClick={() => {
              // Leaving the tail: read the newest page again, so what the tail showed stays.
              if (live) void page.refetch();
              setLive(!live);
            }}
          >
            {live ? 'Stop live tail' : 'Live tail'}
          </button>
          {!live && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setAnchor(Date.now());
                setPosition({});
                void page.refetch();
              }}
            >
              Refresh
            </button>
          )}
        </div>
        {tailError && live && tailState === 'error' && <ErrorBanner error={new Error(tailError)} />}
        <ErrorBanner error={page.error} />
        {page.isLoading ? (
          <Loading />
        ) : rows.length === 0 ? (
          <Empty title="No activations">{live ? 'Waiting for activations…' : 'Nothing matches these filters.'}</Empty>
        ) : (
          <div className="table-wrap">
            <table className={stale ? 'table stale' : 'table'} aria-label="Activations" aria-busy={stale}>
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Action</th>
                  <th>Status</th>
                  <th className="num">Duration</th>
                  <th>Start</th>
                  <th>Version</th>
                  <th>Activation ID</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.activationId} className={liveIds.has(row.activationId) ? 'fresh' : undefined}>
                    <td title={`${formatDateTime(row.start, { millis: true })} · ${relativeTime(row.start)}`} className="mono">
                      {formatDateTime(row.start, { millis: true, zone: false })}
                    </td>
                    <td>
                      {row.entityType === 'action' ? (
                        <Link className="mono" href={actionHref(row.path)}>
                          <span className="truncate">{row.path}</span>
                        </Link>
                      ) : (
                        <span className="mono">
                          {row.path} <span className="badge">{row.entityType}</span>
                        </span>
                      )}
                      {row.cause && (
                        <span className="badge info" style={{ marginLeft: 6 }} title={`caused by ${row.cause}`}>
                          in sequence
                        </span>
                      )}
                    </td>
                    <td>
                      <StatusBadge statusCode={row.statusCode} />
                    </td>
                    <td className="num">{formatDuration(row.duration)}</td>
                    <td>
                      {row.kind === 'sequence' ? <span className="badge">sequence</span> : <StartBadge cold={row.entityType === 'action' ? row.cold : null} />}
                    </td>
                    <td className="mono subtle">{row.version}</td>
                    <td>
                      <Link className="mono" href={`/activations/${row.activationId}`} aria-label={`Activation ${row.activationId}`}>
                        {row.activationId}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="pager">
          <span>{live ? `${liveRows.length} new since the tail started` : `${page.data?.items.length ?? 0} shown`}</span>
          <span className="grow" />
          <label className="hint" htmlFor="page-size">
            Per page
          </label>
          <select id="page-size" className="select" style={{ height: 26 }} value={limit} onChange={(event) => setLimit(Number(event.target.value))}>
            {[25, 50, 100, 200].map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-sm"
            disabled={live || !page.data?.newer}
            onClick={() => page.data?.newer && setPosition({ after: page.data.newer })}
          >
            ← Newer
          </button>
          <button
            type="button"
            className="btn btn-sm"
            disabled={live || !page.data?.older}
            onClick={() => page.data?.older && setPosition({ before: page.data.older })}
          >
            Older →
          </button>
        </div>
      </div>
    </div>
  );
}
