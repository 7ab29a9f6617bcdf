'use client';
// The Deployments page: the connected repositories, each with its
// deployments; connect another, then follow the steps to add its webhook.
// Deployments no source holds (uploaded archives, disconnected sources)
// have a panel of their own once there are any.
import { useState } from 'react';
import { Empty, ErrorBanner, Loading } from '@/components/ui/feedback';
import { IconPlus } from '@/components/ui/icons';
import { trpc } from '@/trpc/react';
import { SourceForm } from './source-form';
import type { SourceDoc } from './format';
import { DeploymentsTable } from './deployments-table';
import { SourcePanel } from './source-panel';
import { WebhookSetup } from './webhook-setup';

export function DeploymentsPage() {
  const sources = trpc.deployments.sources.list.useQuery();
  const [connecting, setConnecting] = useState(false);
  /** A source whose secret was just made: shown once, with the steps to paste it into GitHub. */
  const [setup, setSetup] = useState<{ source: SourceDoc; rotated: boolean }>();
  const items = sources.data ?? [];
  const sourceless = trpc.deployments.list.useQuery({ sourceless: true, limit: 1 }, { refetchInterval: 5_000 });

  return (
    <div className="page">
      <div className="page-head">
        <h1>Deployments</h1>
        {sources.data && <span className="count">{items.length}</span>}
        <span className="grow" />
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            setSetup(undefined);
            setConnecting(true);
          }}
          disabled={connecting}
        >
          <IconPlus /> Connect repository
        </button>
      </div>
      {connecting && (
        <SourceForm
          onCancel={() => setConnecting(false)}
          onSaved={(source) => {
            setConnecting(false);
            setSetup({ source, rotated: false });
          }}
        />
      )}
      {setup && <WebhookSetup key={setup.source.webhook.secret} source={setup.source} rotated={setup.rotated} onDone={() => setSetup(undefined)} />}
      <ErrorBanner error={sources.error} />
      {sources.isLoading ? (
        <Loading label="Loading repositories…" />
      ) : items.length === 0 && !sources.error ? (
        <div className="panel">
          <Empty title="No repositories connected">
            Connect a git repository holding a manifest.yaml: each push to its branch deploys the project’s packages, actions, triggers and rules here.
          </Empty>
        </div>
      ) : (
        items.map((source) => <SourcePanel key={source.name} source={source} onRotated={(rotated) => setSetup({ source: rotated, rotated: true })} />)
      )}
      {(sourceless.data?.length ?? 0) > 0 && (
        <section className="panel" aria-labelledby="sourceless-title" style={{ marginBottom: 14 }}>
          <div className="panel-head">
            <h2 id="sourceless-title">Uploads and disconnected sources</h2>
            <span className="hint">
              Archives deployed through the API (POST …/deployments with a zip or tar.gz), and deployments of repositories since disconnected
            </span>
          </div>
          <DeploymentsTable source={null} />
        </section>
      )}
    </div>
  );
}
