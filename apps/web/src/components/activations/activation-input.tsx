'use client';
// An activation's input (the merged parameters it ran with; environment
// variables are never among them) and "Re-run": the same action again with
// that input, on its newest version or a chosen one, landing on the new
// activation's page.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ErrorBanner, Loading } from '@/components/ui/feedback';
import { JsonView } from '@/components/ui/json-view';
import { trpc } from '@/trpc/react';

export function ActivationInputPanel(props: {
  activationId: string;
  /** The action's path in the caller's namespace, when it lives there (its versions can then be chosen). */
  ownPath: string | undefined;
  pending: boolean;
}) {
  const router = useRouter();
  // Just finished, the record may be read from Redis before its row (and input) reach Postgres: ask again a few times.
  const input = trpc.activations.input.useQuery(
    { activationId: props.activationId },
    { enabled: !props.pending, refetchInterval: (query) => (query.state.data === null && query.state.dataUpdateCount < 10 ? 500 : false) },
  );
  const versions = trpc.versions.list.useQuery({ path: props.ownPath ?? '' }, { enabled: !!props.ownPath });
  const [version, setVersion] = useState('');
  const rerun = trpc.activations.rerun.useMutation({ onSuccess: (started) => router.push(`/activations/${started.activationId}`) });
  const data = input.data;
  const runnable = !!data && data.truncated.length === 0;
  const newestFirst = [...(versions.data ?? [])].reverse();

  return (
    <section className="panel" aria-labelledby="input-title">
      <div className="panel-head">
        <h2 id="input-title">Input</h2>
        <span className="hint">The parameters it ran with</span>
      </div>
      <div className="panel-body stack" style={{ gap: 10 }}>
        {props.pending ? (
          <p className="hint">Shown when it ends.</p>
        ) : input.isLoading ? (
          <Loading label="Loading input…" />
        ) : !data ? (
          <p className="hint">No input was kept for this activation (recorded before inputs were kept, or its job was lost).</p>
        ) : (
          <>
            <JsonView value={data.params} label="Input" maxHeight={320} />
            {data.truncated.length > 0 && (
              <p className="banner warn" role="note">
                The input was {data.bytes.toLocaleString('en')} bytes, too large to keep whole: {data.truncated.join(', ')} left out. It cannot be re-run as it
                was.
              </p>
            )}
          </>
        )}
        <ErrorBanner error={input.error ?? rerun.error} />
        {runnable && (
          <div className="row" style={{ gap: 8, alignItems: 'flex-end', flexWrap: 'wrap' }}>
            {props.ownPath && (
              <div className="field">
                <label htmlFor="rerun-version">Run on</label>
                <select id="rerun-version" className="input" value={version} onChange={(event) => setVersion(event.target.value)}>
                  <option value="">the current version</option>
                  {newestFirst.map((entry) => (
                    <option key={entry.version} value={entry.version}>
                      version {entry.version}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <button
              type="button"
              className="btn btn-primary"
              disabled={rerun.isPending}
              onClick={() => rerun.mutate({ activationId: props.activationId, ...(version ? { version } : {}) })}
            >
              {rerun.isPending && <span className="spin" />} Re-run
            </button>
            <span className="hint">With this input and the action’s current environment variables.</span>
          </div>
        )}
      </div>
    </section>
  );
}
