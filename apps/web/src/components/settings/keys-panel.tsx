'use client';
// The namespace's API keys: create one (shown once), revoke one, or rotate
// the key this session signed in with (a new key, the session moved onto it,
// the old one revoked). Revoking the session's own key signs out, so it is
// asked for, and said, first.
import { useState } from 'react';
import { ConfirmDialog, ErrorBanner, Loading } from '@/components/ui/feedback';
import { formatDateTime } from '@/lib/format';
import { trpc } from '@/trpc/react';
import { NewKeyNotice } from './new-key-notice';

interface KeyRow {
  uuid: string;
  createdAt: string;
  actionKey: boolean;
  current: boolean;
}

type Pending = { kind: 'rotate' } | { kind: 'revoke'; key: KeyRow };

export function KeysPanel() {
  const utils = trpc.useUtils();
  const keys = trpc.namespace.keys.useQuery();
  const [fresh, setFresh] = useState<{ key: string; rotated: boolean }>();
  const [pending, setPending] = useState<Pending>();
  const refresh = () => utils.namespace.keys.invalidate();
  const create = trpc.namespace.createKey.useMutation({
    onSuccess: (created) => {
      setFresh({ key: created.key, rotated: false });
      void refresh();
    },
  });
  const rotate = trpc.namespace.rotateKey.useMutation({
    onSuccess: (rotated) => {
      setPending(undefined);
      setFresh({ key: rotated.key, rotated: true });
      void refresh();
    },
  });
  const revoke = trpc.namespace.revokeKey.useMutation({
    onSuccess: (revoked) => {
      setPending(undefined);
      if (revoked.signedOut) window.location.assign('/login');
      else void refresh();
    },
  });
  const current = keys.data?.find((key) => key.current);

  return (
    <>
      {fresh && <NewKeyNotice key={fresh.key} apiKey={fresh.key} rotated={fresh.rotated} onDone={() => setFresh(undefined)} />}
      <section className="panel" aria-labelledby="keys-title" style={{ marginBottom: 14 }}>
        <div className="panel-head">
          <h2 id="keys-title">API keys</h2>
          <span className="grow" />
          <button type="button" className="btn btn-sm" onClick={() => create.mutate()} disabled={create.isPending}>
            {create.isPending && <span className="spin" />} Create key
          </button>
          <button type="button" className="btn btn-sm btn-primary" onClick={() => setPending({ kind: 'rotate' })} disabled={!current}>
            Rotate my key
          </button>
        </div>
        <div className="panel-body stack" style={{ gap: 10 }}>
          <ErrorBanner error={keys.error ?? create.error} />
          {keys.isLoading ? (
            <Loading label="Loading keys…" />
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="API keys">
                <thead>
                  <tr>
                    <th>Key id</th>
                    <th>Created</th>
                    <th>Note</th>
                    <th>
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {(keys.data ?? []).map((key) => (
                    <tr key={key.uuid} aria-label={`Key ${key.uuid}`}>
                      <td className="mono">{key.uuid}</td>
                      <td>{formatDateTime(Date.parse(key.createdAt))}</td>
                      <td>
                        {key.current && <span className="badge info">this session</span>}
                        {key.actionKey && <span className="badge">actions&apos; key (provide-api-key)</span>}
                      </td>
                      <td className="num">
                        <button
                          type="button"
                          className="btn btn-sm btn-danger"
                          aria-label={`Revoke key ${key.uuid}`}
                          onClick={() => setPending({ kind: 'revoke', key })}
                        >
                          Revoke
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="hint">Only the key id (the part before the colon) is shown: Brisk keeps a hash of each secret, never the secret.</p>
        </div>
      </section>
      {pending?.kind === 'rotate' && current && (
        <ConfirmDialog
          title="Rotate your key?"
          confirmLabel="Rotate key"
          busy={rotate.isPending}
          error={rotate.error}
          onConfirm={() => rotate.mutate()}
          onCancel={() => {
            rotate.reset();
            setPending(undefined);
          }}
        >
          A new key is made and this session switches to it; the key you signed in with (<span className="mono">{current.uuid}</span>) is revoked, and anything
          still using it gets 401 from now on. The new key is shown once.
        </ConfirmDialog>
      )}
      {pending?.kind === 'revoke' && (
        <ConfirmDialog
          title={pending.key.current ? 'Revoke the key you are signed in with?' : 'Revoke this key?'}
          confirmLabel={pending.key.current ? 'Revoke and sign out' : 'Revoke key'}
          danger
          busy={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate({ uuid: pending.key.uuid, endSession: pending.key.current })}
          onCancel={() => {
            revoke.reset();
            setPending(undefined);
          }}
        >
          {pending.key.current
            ? 'This session signed in with this key: revoking it signs you out at once. To keep working, rotate it instead. '
            : pending.key.actionKey
              ? 'Actions annotated provide-api-key use this key; their next activation gets a new one. '
              : ''}
          Anything using <span className="mono">{pending.key.uuid}</span> gets 401 from now on.
        </ConfirmDialog>
      )}
    </>
  );
}
