'use client';
// One connected repository: where it deploys from, its webhook, its
// deployments; deploy its head now, edit it, rotate the secret or disconnect it.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CopyField } from '@/components/ui/copy-button';
import { ConfirmDialog } from '@/components/ui/feedback';
import { formatDateTime } from '@/lib/format';
import { trpc } from '@/trpc/react';
import { DeploymentsTable } from './deployments-table';
import { deploymentHref, type SourceDoc, sourceAnchor } from './format';
import { SourceForm } from './source-form';

type Dialog = 'deploy' | 'rotate' | 'disconnect' | undefined;

export function SourcePanel({ source, onRotated }: { source: SourceDoc; onRotated: (source: SourceDoc) => void }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const [dialog, setDialog] = useState<Dialog>();
  const [showWebhook, setShowWebhook] = useState(false);
  const [editing, setEditing] = useState(false);
  const [undeploy, setUndeploy] = useState(false);
  const headingId = `${sourceAnchor(source.name)}-title`;

  const deploy = trpc.deployments.redeploy.useMutation({
    onSuccess: async (deployment) => {
      setDialog(undefined);
      await utils.deployments.list.invalidate({ source: source.name });
      router.push(deploymentHref(deployment.id));
    },
  });
  const rotate = trpc.deployments.sources.rotateSecret.useMutation({
    onSuccess: (rotated) => {
      setDialog(undefined);
      onRotated(rotated);
    },
  });
  const remove = trpc.deployments.sources.remove.useMutation({
    onSuccess: async () => {
      setDialog(undefined);
      await utils.deployments.sources.list.invalidate();
    },
  });
  const http = /^https?:\/\//.test(source.repository);

  return (
    <section className="panel" id={sourceAnchor(source.name)} aria-labelledby={headingId} style={{ marginBottom: 14 }}>
      <div className="panel-head">
        <h2 id={headingId} className="mono">
          {source.name}
        </h2>
        <button type="button" className="btn btn-sm" aria-expanded={showWebhook} onClick={() => setShowWebhook(!showWebhook)}>
          Webhook
        </button>
        <button type="button" className="btn btn-sm" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Edit
        </button>
        <button type="button" className="btn btn-sm" onClick={() => setDialog('deploy')}>
          Deploy now
        </button>
        <button type="button" className="btn btn-sm btn-danger" onClick={() => setDialog('disconnect')}>
          Disconnect
        </button>
      </div>
      <div className="panel-body">
        {editing && <SourceForm editing={source} onCancel={() => setEditing(false)} onSaved={() => setEditing(false)} />}
        <dl className="dl source-facts">
          <dt>Repository</dt>
          <dd className="mono">
            {http ? (
              <a href={source.repository} target="_blank" rel="noreferrer noopener">
                {source.repository}
              </a>
            ) : (
              source.repository
            )}
          </dd>
          <dt>Branch</dt>
          <dd className="mono">{source.branch}</dd>
          <dt>Folder</dt>
          <dd className="mono">{source.path || <span className="faint">the repository’s root</span>}</dd>
          <dt>Access token</dt>
          <dd>{source.token ? 'stored' : <span className="faint">none</span>}</dd>
          <dt>Variables</dt>
          <dd className="mono">{source.variables.length > 0 ? source.variables.join(', ') : <span className="faint">none</span>}</dd>
          <dt>Connected</dt>
          <dd>{formatDateTime(source.created)}</dd>
        </dl>
        {showWebhook && (
          <div className="webhook-box">
            <CopyField id={`${sourceAnchor(source.name)}-url`} label="Payload URL" value={source.webhook.url} />
            <p className="hint" style={{ margin: '6px 0 0' }}>
              Content type application/json, just the push event. The secret was shown when the repository was connected; if it is lost,{' '}
              <button type="button" className="btn btn-sm" onClick={() => setDialog('rotate')}>
                Rotate secret
              </button>
            </p>
          </div>
        )}
      </div>
      <DeploymentsTable source={source.name} />

      {dialog === 'deploy' && (
        <ConfirmDialog
          title={`Deploy ${source.name} now?`}
          confirmLabel="Deploy"
          busy={deploy.isPending}
          error={deploy.error}
          onCancel={() => setDialog(undefined)}
          onConfirm={() => deploy.mutate({ source: source.name })}
        >
          Fetches the head of <code>{source.branch}</code> from {source.repository} and deploys it, as a push would.
        </ConfirmDialog>
      )}
      {dialog === 'rotate' && (
        <ConfirmDialog
          title={`Rotate the webhook secret of ${source.name}?`}
          confirmLabel="Rotate secret"
          danger
          busy={rotate.isPending}
          error={rotate.error}
          onCancel={() => setDialog(undefined)}
          onConfirm={() => rotate.mutate({ name: source.name })}
        >
          The current secret stops working at once: pushes are refused until the new one is pasted into the webhook on GitHub.
        </ConfirmDialog>
      )}
      {dialog === 'disconnect' && (
        <ConfirmDialog
          title={`Disconnect ${source.name}?`}
          confirmLabel={undeploy ? 'Disconnect and delete' : 'Disconnect'}
          danger
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => setDialog(undefined)}
          onConfirm={() => remove.mutate({ name: source.name, undeploy })}
        >
          <p style={{ marginTop: 0 }}>Its webhook stops deploying; its deployments stay on record. What it deployed stays too, unless you also delete it:</p>
          <label className="check">
            <input type="checkbox" checked={undeploy} onChange={(event) => setUndeploy(event.target.checked)} />
            Also delete the packages, actions, triggers and rules it deployed
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}
