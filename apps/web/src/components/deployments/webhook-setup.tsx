'use client';
// What to paste into GitHub after connecting a repository (or rotating its
// secret): the numbered steps, the payload URL and the secret with copy
// buttons. The secret is in this answer only; it is never shown again.
import { useEffect, useRef } from 'react';
import { CopyField } from '@/components/ui/copy-button';
import { githubWebhookSettingsUrl, type SourceDoc } from './format';

export function WebhookSetup({ source, rotated = false, onDone }: { source: SourceDoc; rotated?: boolean; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The form that led here is gone: focus moves to what replaced it.
  useEffect(() => heading.current?.focus(), []);
  const settings = githubWebhookSettingsUrl(source.repository);
  const secret = source.webhook.secret;
  const id = (what: string) => `webhook-${what}-${source.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  return (
    <section className="panel webhook-setup" aria-labelledby={id('title')} style={{ marginBottom: 14 }}>
      <div className="panel-head">
        <h2 id={id('title')} ref={heading} tabIndex={-1}>
          {rotated ? `New webhook secret for ${source.name}` : `Connected ${source.name}: add the webhook on GitHub`}
        </h2>
      </div>
      <div className="panel-body stack" style={{ gap: 12 }}>
        <div className="banner ok" role="status">
          {rotated
            ? 'The old secret no longer works. Paste the new one into the webhook on GitHub; it is shown only now.'
            : `${source.repository} is connected. Copy the secret now: it is shown only once (rotate it to get a new one).`}
        </div>
        <ol className="steps">
          <li>
            {rotated ? (
              <>
                On GitHub, open the repository’s <strong>Settings → Webhooks</strong> and edit the Brisk webhook.
              </>
            ) : (
              <>
                Open the repository on GitHub: <strong>Settings → Webhooks → Add webhook</strong>
                {settings && (
                  <>
                    {' '}
                    (
                    <a href={settings} target="_blank" rel="noreferrer noopener">
                      open it
                    </a>
                    )
                  </>
                )}
                .
              </>
            )}
          </li>
          {!rotated && (
            <li>
              <CopyField id={id('url')} label="Payload URL" value={source.webhook.url} />
            </li>
          )}
          {!rotated && (
            <li>
              <span className="label">Content type</span> <code>application/json</code>
            </li>
          )}
          <li>{secret ? <CopyField id={id('secret')} label="Secret" value={secret} /> : <span className="faint">No secret in this answer.</span>}</li>
          {!rotated && (
            <li>
              <span className="label">Which events would you like to trigger this webhook?</span> <strong>Just the push event.</strong>
            </li>
          )}
          <li>
            {rotated ? (
              <>
                Click <strong>Update webhook</strong>.
              </>
            ) : (
              <>
                Keep <strong>Active</strong> checked and click <strong>Add webhook</strong>. GitHub sends a ping, which Brisk answers; from then on every push
                to <code>{source.branch}</code> deploys.
              </>
            )}
          </li>
        </ol>
        <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
          <button type="button" className="btn btn-primary" onClick={onDone}>
            Done
          </button>
        </div>
      </div>
    </section>
  );
}
