'use client';
// One source's deployments (or those no source holds: uploads, and those of
// disconnected sources), newest first, a page at a time. While one is
// queued or running the page is asked again every second, otherwise every
// few seconds, so pushes show up without a reload.
import Link from 'next/link';
import { useState } from 'react';
import { Empty, ErrorBanner, Loading } from '@/components/ui/feedback';
import { formatDateTime, formatDuration, relativeTime } from '@/lib/format';
import { trpc } from '@/trpc/react';
import { DeploymentStatusBadge } from './deployment-badges';
import { deploymentHref, durationOf, firstLine, isLive, shortCommit } from './format';

const PAGE = 10;

/** `source` null: the deployments no connected source holds. */
export function DeploymentsTable({ source }: { source: string | null }) {
  const [skip, setSkip] = useState(0);
  const what = source ?? 'uploads and disconnected sources';
  // One more than a page: whether there is an older page.
  const query = trpc.deployments.list.useQuery(
    { ...(source === null ? { sourceless: true } : { source }), limit: PAGE + 1, skip },
    {
      placeholderData: (previous) => previous,
      refetchInterval: (current) => (current.state.data?.some((deployment) => isLive(deployment.status)) ? 1_000 : 5_000),
    },
  );
  const rows = (query.data ?? []).slice(0, PAGE);
  const older = (query.data?.length ?? 0) > PAGE;

  if (query.isLoading) return <Loading label="Loading deployments…" />;
  return (
    <>
      <ErrorBanner error={query.error} />
      {rows.length === 0 && skip === 0 ? (
        <Empty title="No deployments yet">Push to the branch, or deploy its head now.</Empty>
      ) : (
        <div className="table-wrap">
          <table className={`table ${query.isPlaceholderData ? 'stale' : ''}`} aria-label={`Deployments of ${what}`}>
            <thead>
              <tr>
                <th>Status</th>
                <th>Commit</th>
                <th>Message</th>
                <th>Author</th>
                <th>Cause</th>
                <th>When</th>
                <th className="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((deployment) => {
                const commit = shortCommit(deployment.commit);
                // Without a commit: an archive (uploads have no source), or a branch head not fetched yet.
                const what = commit ? `commit ${commit}` : deployment.source ? 'the branch head' : 'an uploaded archive';
                return (
                  <tr key={deployment.id}>
                    <td>
                      <DeploymentStatusBadge status={deployment.status} />
                    </td>
                    <td>
                      <Link className="cell-link mono" href={deploymentHref(deployment.id)} aria-label={`Deployment of ${what}, ${deployment.status}`}>
                        {commit ?? (deployment.source ? 'branch head' : 'archive')}
                      </Link>
                    </td>
                    <td>
                      <span className="truncate" title={deployment.message ?? undefined}>
                        {firstLine(deployment.message) || <span className="faint">—</span>}
                      </span>
                    </td>
                    <td>{deployment.author ?? <span className="faint">—</span>}</td>
                    <td>
                      {deployment.cause}
                      {deployment.rollbackOf && (
                        <span className="faint">
                          {' '}
                          to{' '}
                          <Link className="mono" href={deploymentHref(deployment.rollbackOf)}>
                            {deployment.rollbackOf.slice(0, 8)}
                          </Link>
                        </span>
                      )}
                    </td>
                    <td className="subtle" title={formatDateTime(deployment.createdAt)}>
                      {relativeTime(deployment.createdAt)}
                    </td>
                    <td className="num">{isLive(deployment.status) ? <span className="faint">…</span> : formatDuration(durationOf(deployment))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {(skip > 0 || older) && (
        <nav className="pager" aria-label={`Pages of the deployments of ${what}`}>
          <span>
            {skip + 1}–{skip + rows.length}
          </span>
          <span className="grow" />
          <button type="button" className="btn btn-sm" disabled={skip === 0} onClick={() => setSkip(Math.max(0, skip - PAGE))}>
            Newer
          </button>
          <button type="button" className="btn btn-sm" disabled={!older} onClick={() => setSkip(skip + PAGE)}>
            Older
          </button>
        </nav>
      )}
    </>
  );
}
