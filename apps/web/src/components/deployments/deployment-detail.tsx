'use client';
// One deployment: its status, commit and error, what it changed, and its log,
// streamed line by line while the deployment is queued or running
// (deployments.follow, which ends with the finished deployment).
// Redeploy its commit, or roll back to what it left, each after a confirmation.
import { skipToken } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog, ErrorBanner, Loading } from '@/components/ui/feedback';
import { EntityNotFound } from '@/components/shell/entity-not-found';
import { isNotFoundError } from '@/components/ui/not-found-panel';
import { formatDateTime, formatDuration } from '@/lib/format';
import { trpc } from '@/trpc/react';
import { ChangesTable } from './changes-table';
import { DeploymentStatusBadge } from './deployment-badges';
import { DeploymentLog } from './deployment-log';
import { type DeploymentDoc, deploymentHref, durationOf, isLive, shortCommit, sourceHref } from './format';

export function DeploymentDetail({ id }: { id: string }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const [dialog, setDialog] = useState<'redeploy' | 'rollback'>();
  const query = trpc.deployments.get.useQuery({ id }, { staleTime: 0 });
  const [lines, setLines] = useState<string[]>([]);
  const [following, setFollowing] = useState(true);
  const [followError, setFollowError] = useState<unknown>();
  // What "done" carried is final; a read of the row still in flight (started while it ran) must not replace it.
  const [finished, setFinished] = useState<DeploymentDoc>();
  const deployment = finished ?? query.data;

  // A finished deployment's log comes the same way, all at once, then "done".
  trpc.deployments.follow.useSubscription(following ? { id } : skipToken, {
    onData({ data: event }) {
      if (event.type === 'log') setLines((current) => [...current, event.line]);
      else if (event.type === 'status') void utils.deployments.get.invalidate({ id });
      else {
        setFinished(event.deployment);
        setFollowing(false);
      }
    },
    onError: (error) => {
      setFollowError(error);
      setFollowing(false);
    },
  });

  const started = async (next: { id: string; source: string | null }) => {
    setDialog(undefined);
    await utils.deployments.list.invalidate();
    router.push(deploymentHref(next.id));
  };
  const redeploy = trpc.deployments.redeploy.useMutation({ onSuccess: started });
  const rollback = trpc.deployments.rollback.useMutation({ onSuccess: started });

  if (query.isLoading) return <Loading label="Loading deployment…" />;
  if (isNotFoundError(query.error)) return <EntityNotFound kind="deployment" name={id} />;
  if (query.error || !deployment) {
    return (
      <div className="page">
        <ErrorBanner error={query.error ?? new Error(`The deployment ${id} does not exist.`)} />
      </div>
    );
  }

  const live = following && isLive(deployment.status);
  const commit = shortCommit(deployment.commit);
  const duration = durationOf(deployment);
  const canRollBack = deployment.status === 'succeeded';

  return (
    <div className="page">
      <div className="page-head">
        <h1>
          Deployment of <span className="mono">{deployment.project}</span>
          {commit && (
            <>
              {' '}
              at <span className="mono">{commit}</span>
            </>
          )}
        </h1>
        <DeploymentStatusBadge status={deployment.status} />
        <span className="badge">{deployment.cause}</span>
        <span className="grow" />
        <button type="button" className="btn" onClick={() => setDialog('redeploy')} disabled={!deployment.source}>
          Redeploy
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => setDialog('rollback')}
          disabled={!canRollBack}
          title={canRollBack ? undefined : 'Only a succeeded deployment can be rolled back to'}
        >
          Roll back
        </button>
      </div>
      {deployment.error && (
        <div className="banner err" role="alert" style={{ marginBottom: 12 }}>
          {deployment.error}
        </div>
      )}

      <div className="grid-2" style={{ alignItems: 'start', marginBottom: 14 }}>
        <section className="panel" aria-label="Summary">
          <div className="panel-head">
            <h2>Summary</h2>
          </div>
          <div className="panel-body">
            <dl className="dl">
              <dt>Status</dt>
              <dd>{deployment.status}</dd>
              <dt>Source</dt>
              <dd>{deployment.source ? <Link href={sourceHref(deployment.source)}>{deployment.source}</Link> : <span className="faint">none</span>}</dd>
              <dt>Commit</dt>
              <dd className="mono">{deployment.commit ?? <span className="faint">the branch head, once fetched</span>}</dd>
              <dt>Ref</dt>
              <dd className="mono">{deployment.ref ?? '—'}</dd>
              <dt>Message</dt>
              <dd style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{deployment.message ?? <span className="faint">—</span>}</dd>
              <dt>Author</dt>
              <dd>{deployment.author ?? <span className="faint">—</span>}</dd>
              <dt>Cause</dt>
              <dd>
                {deployment.cause}
                {deployment.rollbackOf && (
                  <>
                    {' '}
                    to{' '}
                    <Link className="mono" href={deploymentHref(deployment.rollbackOf)}>
                      {deployment.rollbackOf}
                    </Link>
                  </>
                )}
              </dd>
              <dt>Queued</dt>
              <dd className="mono">{formatDateTime(deployment.createdAt)}</dd>
              <dt>Started</dt>
              <dd className="mono">{deployment.startedAt ? formatDateTime(deployment.startedAt) : '—'}</dd>
              <dt>Ended</dt>
              <dd className="mono">{deployment.endedAt ? formatDateTime(deployment.endedAt) : '—'}</dd>
              <dt>Duration</dt>
              <dd className="mono">{duration === undefined ? '…' : formatDuration(duration)}</dd>
              <dt>Id</dt>
              <dd className="mono">{deployment.id}</dd>
            </dl>
          </div>
        </section>
        <section className="panel" aria-label="Changes">
          <div className="panel-head">
            <h2>Changes</h2>
            <span className="count">{deployment.changes.filter((change) => change.change !== 'unchanged').length}</span>
          </div>
          {live ? (
            <p className="hint" style={{ padding: '0 12px' }}>
              Known when the deployment ends.
            </p>
          ) : (
            <ChangesTable changes={deployment.changes} />
          )}
        </section>
      </div>

      <section className="panel" aria-label="Log">
        <div className="panel-head">
          <h2>Log</h2>
          {live && <span className="live-dot" title="Following the log" />}
          {live && <span className="hint">following</span>}
        </div>
        <div className="panel-body">
          <ErrorBanner error={followError} />
          <DeploymentLog lines={lines} live={live} />
        </div>
      </section>

      {dialog === 'redeploy' && (
        <ConfirmDialog
          title={commit ? `Redeploy commit ${commit}?` : 'Redeploy the branch head?'}
          confirmLabel="Redeploy"
          busy={redeploy.isPending}
          error={redeploy.error}
          onCancel={() => setDialog(undefined)}
          onConfirm={() => deployment.source && redeploy.mutate({ source: deployment.source, ...(deployment.commit ? { commit: deployment.commit } : {}) })}
        >
          Fetches {commit ? `commit ${commit}` : 'the head of the branch'} again and deploys it as a new deployment of {deployment.source}.
        </ConfirmDialog>
      )}
      {dialog === 'rollback' && (
        <ConfirmDialog
          title="Roll back to this deployment?"
          confirmLabel="Roll back"
          busy={rollback.isPending}
          error={rollback.error}
          onCancel={() => setDialog(undefined)}
          onConfirm={() => rollback.mutate({ id })}
        >
          The project {deployment.project}’s packages, actions, triggers and rules become what this deployment left{commit ? ` (commit ${commit})` : ''}, as a
          new deployment. Nothing is fetched from git; the next push deploys over it.
        </ConfirmDialog>
      )}
    </div>
  );
}
