'use client';
// The Versions tab: every saved version, a Monaco diff between any two (code
// or configuration), and roll back (the old state saved as a new version).
import { skipToken } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DiffView, languageOfKind } from '@/components/code/code-editor';
import { ConfirmDialog, ErrorBanner, Loading } from '@/components/ui/feedback';
import { formatDateTime, relativeTime } from '@/lib/format';
import { trpc } from '@/trpc/react';
import { MANAGED_ANNOTATIONS, type ActionDoc } from './draft';

function configText(action: ActionDoc): string {
  const { exec, parameters, annotations, limits } = action;
  return `${JSON.stringify(
    {
      main: exec.main ?? 'main',
      parameters,
      annotations: annotations.filter((entry) => !MANAGED_ANNOTATIONS.includes(entry.key)),
      limits,
      testPayloads: annotations.find((entry) => entry.key === 'brisk:testPayloads')?.value ?? [],
    },
    null,
    2,
  )}\n`;
}

function codeText(action: ActionDoc): string {
  if (action.exec.components) return `${action.exec.components.join('\n')}\n`;
  if (action.exec.binary) return '(binary zip archive)\n';
  return action.exec.code ?? '';
}

/** The version to compare `to` with by default: the one before it (the list is newest first). */
function versionBefore(list: readonly { version: string }[], to: string | undefined): string {
  const at = Math.max(
    0,
    list.findIndex((entry) => entry.version === to),
  );
  return (list[at + 1] ?? list[at])!.version;
}

/** `initialVersion` is shown first (against the version before it), when it exists. */
export function VersionsPanel(props: { path: string; current: string; dirty: boolean; onRolledBack: (action: ActionDoc) => void; initialVersion?: string }) {
  const utils = trpc.useUtils();
  const versions = trpc.versions.list.useQuery({ path: props.path });
  const list = versions.data ?? [];
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string | undefined>(props.initialVersion);
  const [view, setView] = useState<'code' | 'config'>('code');
  const [rollbackTo, setRollbackTo] = useState<string>();

  // Default comparison: the current version (or the one asked for) against the one before it.
  useEffect(() => {
    if (!list.length) return;
    const exists = (version: string | undefined) => version !== undefined && list.some((v) => v.version === version);
    setTo((value) => (exists(value) ? value : list[0]!.version));
    setFrom((value) => (exists(value) ? value : versionBefore(list, exists(props.initialVersion) ? props.initialVersion : undefined)));
  }, [list, props.initialVersion]);

  // The previous pair stays on screen while another loads: the diff editor is updated, not rebuilt.
  const left = trpc.versions.get.useQuery(from ? { path: props.path, version: from } : skipToken, { placeholderData: (previous) => previous });
  const right = trpc.versions.get.useQuery(to ? { path: props.path, version: to } : skipToken, { placeholderData: (previous) => previous });

  const rollback = trpc.versions.rollback.useMutation({
    onSuccess: async (action) => {
      setRollbackTo(undefined);
      props.onRolledBack(action);
      await Promise.all([utils.versions.list.invalidate({ path: props.path }), utils.actions.get.invalidate({ path: props.path })]);
      setFrom(rollbackTo);
      setTo(action.version);
    },
  });

  if (versions.isLoading) return <Loading />;
  if (versions.error) return <ErrorBanner error={versions.error} />;

  const kind = right.data?.exec.kind ?? list[0]?.kind ?? '';
  return (
    <div className="versions">
      <div className="version-list" role="list" aria-label="Versions">
        {list.map((entry) => (
          <div key={entry.version} role="listitem" aria-label={`Version ${entry.version}`} className={`version-row ${entry.version === to ? 'selected' : ''}`}>
            <div className="grow">
              <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                <span className="v">{entry.version}</span>
                {entry.version === props.current && <span className="badge accent">current</span>}
              </div>
              <div className="hint" title={formatDateTime(entry.saved)}>
                {relativeTime(entry.saved)}
                {entry.changed.length > 0 ? ` · ${entry.changed.join(', ')}` : list[list.length - 1] === entry ? ' · created' : ' · no changes'}
              </div>
            </div>
            {/* The current version has nothing to compare with itself, nor to roll back to. */}
            {entry.version !== props.current && (
              <>
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => {
                    setFrom(entry.version);
                    setTo(props.current);
                  }}
                  aria-label={`Compare ${entry.version} with current`}
                >
                  Diff
                </button>
                <button type="button" className="btn btn-sm" onClick={() => setRollbackTo(entry.version)} aria-label={`Roll back to ${entry.version}`}>
                  Roll back
                </button>
              </>
            )}
          </div>
        ))}
      </div>
      <div className="diff-pane">
        <div className="toolbar" style={{ padding: '8px 12px', borderBottom: '1px solid var(--border)', background: 'var(--panel)' }}>
          <label className="label" htmlFor="diff-from">
            From
          </label>
          <select id="diff-from" className="select" value={from ?? ''} onChange={(event) => setFrom(event.target.value)}>
            {list.map((entry) => (
              <option key={entry.version} value={entry.version}>
                {entry.version}
              </option>
            ))}
          </select>
          <label className="label" htmlFor="diff-to">
            To
          </label>
          <select id="diff-to" className="select" value={to ?? ''} onChange={(event) => setTo(event.target.value)}>
            {list.map((entry) => (
              <option key={entry.version} value={entry.version}>
                {entry.version}
              </option>
            ))}
          </select>
          <div className="segmented" role="group" aria-label="Compare" style={{ marginLeft: 8 }}>
            <button type="button" aria-pressed={view === 'code'} onClick={() => setView('code')}>
              {kind === 'sequence' ? 'Components' : 'Code'}
            </button>
            <button type="button" aria-pressed={view === 'config'} onClick={() => setView('config')}>
              Configuration
            </button>
          </div>
        </div>
        <ErrorBanner error={left.error ?? right.error} />
        <div className="diff-host" data-testid="version-diff">
          {left.data && right.data ? (
            <DiffView
              original={view === 'code' ? codeText(left.data) : configText(left.data)}
              modified={view === 'code' ? codeText(right.data) : configText(right.data)}
              language={view === 'code' ? languageOfKind(kind) : 'json'}
              originalLabel={`version ${left.data.version}`}
              modifiedLabel={`version ${right.data.version}`}
            />
          ) : (
            <Loading />
          )}
        </div>
      </div>
      {rollbackTo && (
        <ConfirmDialog
          title={`Roll back to ${rollbackTo}?`}
          confirmLabel="Roll back"
          busy={rollback.isPending}
          error={rollback.error}
          onCancel={() => setRollbackTo(undefined)}
          onConfirm={() => rollback.mutate({ path: props.path, version: rollbackTo })}
        >
          The code, parameters, annotations and limits of version {rollbackTo} are saved as a new version; nothing is deleted.
          {props.dirty && <strong> Your unsaved changes in the editor will be discarded.</strong>}
        </ConfirmDialog>
      )}
    </div>
  );
}
