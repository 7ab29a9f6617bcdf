'use client';
// One activation: status and timings (wait, init, run), result, searchable
// logs, annotations, and how it relates to others (its cause, its components).
import { skipToken } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ErrorBanner, Loading } from '@/components/ui/feedback';
import { EntityNotFound } from '@/components/shell/entity-not-found';
import { isNotFoundError } from '@/components/ui/not-found-panel';
import { JsonView } from '@/components/ui/json-view';
import { LogView } from '@/components/ui/log-view';
import { StartBadge, StatusBadge } from '@/components/ui/status-badge';
import { actionHref, annotationValue, formatDateTime, formatDuration, pathFromAnnotation } from '@/lib/format';
import { trpc } from '@/trpc/react';
import { ActivationInputPanel } from './activation-input';
import { Waterfall } from './waterfall';

const num = (value: unknown) => (typeof value === 'number' ? value : null);

export function ActivationDetail({ activationId }: { activationId: string }) {
  const [following, setFollowing] = useState(true);
  const [liveLines, setLiveLines] = useState<string[]>([]);
  const query = trpc.activations.get.useQuery({ activationId }, { staleTime: 0 });
  const record = query.data?.record;
  const pending = record?.response.status === 'pending';

  trpc.activations.follow.useSubscription(pending && following ? { activationId } : skipToken, {
    onData({ data: event }) {
      if (event.type === 'log') setLiveLines((lines) => [...lines, event.line]);
      else {
        setFollowing(false);
        void query.refetch();
      }
    },
    onError: () => setFollowing(false),
  });

  if (query.isLoading) return <Loading label="Loading activation…" />;
  if (isNotFoundError(query.error)) return <EntityNotFound kind="activation" name={activationId} />;
  if (query.error || !record) {
    return (
      <div className="page">
        <ErrorBanner error={query.error ?? new Error('The activation does not exist.')} />
      </div>
    );
  }

  const annotations = record.annotations;
  const path = pathFromAnnotation(annotationValue(annotations, 'path'), record.name);
  const kind = annotationValue(annotations, 'kind');
  const waitTime = num(annotationValue(annotations, 'waitTime'));
  const initTime = num(annotationValue(annotations, 'initTime'));
  const runTime = pending ? null : Math.max(0, record.duration - (initTime ?? 0));
  const total = (waitTime ?? 0) + (initTime ?? 0) + (runTime ?? 0) || 1;
  const caused = query.data?.caused ?? [];
  // A trigger's activation records a firing; what it caused are the rules' action activations.
  const isTrigger = query.data?.entityType === 'trigger';
  const isSequence = !isTrigger && (kind === 'sequence' || caused.length > 0);
  const entityHref = isTrigger ? `/triggers/${encodeURIComponent(record.name)}` : actionHref(path);

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="mono">
          <Link href={entityHref}>{path}</Link>
        </h1>
        {isTrigger && <span className="badge">trigger</span>}
        <StatusBadge statusCode={record.response.statusCode} pending={pending} />
        {!pending && !isSequence && !isTrigger && <StartBadge cold={initTime !== null} />}
        <span className="badge mono">v{record.version}</span>
        <span className="grow" />
        <span className="mono subtle" data-testid="activation-id">
          {record.activationId}
        </span>
      </div>
      {pending && (
        <div className="banner info" style={{ marginBottom: 12 }}>
          This activation is still running; its logs stream below and the page completes when it ends.
        </div>
      )}

      <div className="grid-2" style={{ marginBottom: 14 }}>
        <section className="panel" aria-label="Summary">
          <div className="panel-head">
            <h2>Summary</h2>
          </div>
          <div className="panel-body">
            <dl className="dl">
              <dt>Status</dt>
              <dd>{pending ? 'running' : `${record.response.status} (statusCode ${record.response.statusCode})`}</dd>
              <dt>Started</dt>
              <dd className="mono">{formatDateTime(record.start, { millis: true })}</dd>
              <dt>Ended</dt>
              <dd className="mono">{record.end ? formatDateTime(record.end, { millis: true }) : '—'}</dd>
              <dt>Kind</dt>
              <dd className="mono">{isTrigger ? 'trigger' : typeof kind === 'string' ? kind : '—'}</dd>
              <dt>Cause</dt>
              <dd>
                {record.cause ? (
                  <Link className="mono" href={`/activations/${record.cause}`}>
                    {record.cause}
                  </Link>
                ) : (
                  <span className="faint">none (invoked directly)</span>
                )}
              </dd>
              <dt>Subject</dt>
              <dd>{record.subject}</dd>
            </dl>
          </div>
        </section>
        <section className="panel" aria-label="Timing">
          <div className="panel-head">
            <h2>Timing</h2>
            <span className="mono">{pending ? '…' : formatDuration(record.duration)}</span>
          </div>
          <div className="panel-body">
            {!isTrigger && (
              <>
                <div
                  className="timing"
                  role="img"
                  aria-label={`wait ${formatDuration(waitTime)}, init ${formatDuration(initTime)}, run ${formatDuration(runTime)}`}
                >
                  {waitTime ? <span className="t-wait" style={{ width: `${(waitTime / total) * 100}%` }} /> : null}
                  {initTime ? <span className="t-init" style={{ width: `${(initTime / total) * 100}%` }} /> : null}
                  {runTime ? <span className="t-run" style={{ width: `${(runTime / total) * 100}%` }} /> : null}
                </div>
                <div className="legend">
                  <span>
                    <i style={{ background: '#b7c0cc' }} />
                    wait {formatDuration(waitTime)}
                  </span>
                  {!isSequence && (
                    <span>
                      <i style={{ background: '#e5a000' }} />
                      init {initTime === null ? '— (warm)' : formatDuration(initTime)}
                    </span>
                  )}
                  <span>
                    <i style={{ background: 'var(--accent)' }} />
                    run {formatDuration(runTime)}
                  </span>
                </div>
              </>
            )}
            <p className="hint" style={{ marginBottom: 0 }}>
              {isTrigger
                ? 'A trigger firing takes no time of its own: it starts each active rule’s action, whose activations are below.'
                : isSequence
                  ? 'A sequence runs its components one after another; their own timings are below.'
                  : 'Wait is queueing before a worker took the activation; init is a cold container’s /init; duration covers init and run.'}
            </p>
          </div>
        </section>
      </div>

      {(isSequence || (isTrigger && caused.length > 0)) && (
        <section className="panel" style={{ marginBottom: 14 }} aria-label={isTrigger ? 'Started by this firing' : 'Components'}>
          <div className="panel-head">
            <h2>{isTrigger ? 'Started by this firing' : 'Components'}</h2>
            <span className="count">{caused.length}</span>
          </div>
          <div className="panel-body">
            <Waterfall rows={caused} {...(isTrigger ? {} : { span: { start: record.start, end: record.end || Date.now() } })} />
          </div>
        </section>
      )}

      <div className="grid-2" style={{ alignItems: 'start' }}>
        <div className="stack">
          <section className="panel" aria-label="Result">
            <div className="panel-head">
              <h2>Result</h2>
            </div>
            <div className="panel-body">
              {pending ? <p className="hint">Not finished yet.</p> : <JsonView value={record.response.result ?? {}} label="Result" maxHeight={420} />}
            </div>
          </section>
          {!isTrigger && (
            <ActivationInputPanel
              activationId={record.activationId}
              pending={pending}
              ownPath={annotationValue(annotations, 'path') === `${record.namespace}/${path}` ? path : undefined}
            />
          )}
          <section className="panel" aria-label="Annotations">
            <div className="panel-head">
              <h2>Annotations</h2>
            </div>
            <table className="table">
              <tbody>
                {annotations.map((entry) => (
                  <tr key={entry.key}>
                    <td className="mono subtle" style={{ width: 120 }}>
                      {entry.key}
                    </td>
                    <td className="mono" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                      {typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
        <section className="panel" aria-label="Logs section">
          <div className="panel-head">
            <h2>Logs</h2>
            {pending && following && <span className="live-dot" title="Streaming" />}
          </div>
          <div className="panel-body">
            <LogView lines={pending ? liveLines : record.logs} searchable live={pending} maxHeight={640} />
          </div>
        </section>
      </div>
    </div>
  );
}
