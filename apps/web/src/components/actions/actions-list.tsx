'use client';
// The Actions page: search, filter by kind, each action's version and last run.
import Link from 'next/link';
import { useDeferredValue, useState } from 'react';
import { Empty, ErrorBanner, Loading } from '@/components/ui/feedback';
import { IconPlus } from '@/components/ui/icons';
import { StatusBadge } from '@/components/ui/status-badge';
import { actionHref, formatDateTime, formatDuration, relativeTime } from '@/lib/format';
import { trpc } from '@/trpc/react';

const KIND_FILTERS = [
  { value: '', label: 'All kinds' },
  { value: 'nodejs', label: 'Node.js' },
  { value: 'python', label: 'Python' },
  { value: 'sequence', label: 'Sequences' },
  { value: 'blackbox', label: 'Blackbox' },
];

export function ActionsList() {
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState('');
  const query = useDeferredValue(search);
  const actions = trpc.actions.list.useQuery({ query: query || undefined, kind: kind || undefined }, { placeholderData: (previous) => previous });
  const items = actions.data?.items ?? [];

  return (
    <div className="page">
      <div className="page-head">
        <h1>Actions</h1>
        {actions.data && <span className="count">{actions.data.total}</span>}
        <span className="grow" />
        <Link className="btn" href="/actions/new?kind=sequence">
          <IconPlus /> New sequence
        </Link>
        <Link className="btn btn-primary" href="/actions/new">
          <IconPlus /> New action
        </Link>
      </div>
      <div className="panel">
        <div className="panel-head">
          <input
            className="input"
            type="search"
            placeholder="Search actions by name"
            aria-label="Search actions"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            style={{ width: 320 }}
          />
          <select className="select" aria-label="Kind filter" value={kind} onChange={(event) => setKind(event.target.value)}>
            {KIND_FILTERS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <span className="grow" style={{ flex: 1 }} />
          {actions.isFetching && <span className="spin faint" />}
        </div>
        <ErrorBanner error={actions.error} />
        {actions.isLoading ? (
          <Loading />
        ) : items.length === 0 ? (
          <Empty title={search || kind ? 'No actions match' : 'No actions yet'}>
            {search || kind ? 'Try another search.' : <Link href="/actions/new">Create your first action from a template.</Link>}
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Actions">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Kind</th>
                  <th>Version</th>
                  <th>Last run</th>
                  <th>Status</th>
                  <th className="num">Duration</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.path}>
                    <td>
                      <Link className="cell-link mono" href={actionHref(item.path)}>
                        {item.path}
                      </Link>
                    </td>
                    <td>
                      <span className="badge mono">{item.kind}</span>
                    </td>
                    <td className="mono">{item.version}</td>
                    <td>
                      {item.lastRun ? (
                        <Link href={`/activations/${item.lastRun.activationId}`} title={formatDateTime(item.lastRun.start)}>
                          {relativeTime(item.lastRun.start)}
                        </Link>
                      ) : (
                        <span className="faint">never</span>
                      )}
                    </td>
                    <td>{item.lastRun ? <StatusBadge statusCode={item.lastRun.statusCode} /> : <span className="faint">—</span>}</td>
                    <td className="num">{formatDuration(item.lastRun?.duration)}</td>
                    <td className="subtle" title={formatDateTime(item.updated)}>
                      {relativeTime(item.updated)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {actions.data && actions.data.total > items.length && (
              <div className="pager">
                Showing the first {items.length} of {actions.data.total}; narrow the search to find others.
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
