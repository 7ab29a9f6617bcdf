'use client';
// The action editor: code (or a sequence's components) with a test panel
// beside it, configuration, versions and the action's activations. Every
// save (Ctrl/Cmd-S) is a new version; unsaved changes are guarded.
import type { KeyValue } from '@brisk/core';
import { knownKinds, testPayloadsOf } from '@brisk/core/browser';
import { skipToken } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ActivationsExplorer } from '@/components/activations/activations-explorer';
import { languageOfKind } from '@/components/code/code-editor';
import { ManagedNotice, managedOf } from '@/components/deployments/managed-notice';
import { useNamespace } from '@/components/shell/namespace-context';
import { ConfirmDialog, ErrorBanner, Loading } from '@/components/ui/feedback';
import { EntityNotFound } from '@/components/shell/entity-not-found';
import { isNotFoundError } from '@/components/ui/not-found-panel';
import { actionPathSchema } from '@/lib/forms';
import { actionHref } from '@/lib/format';
import { templateFor } from '@/lib/templates';
import { trpc } from '@/trpc/react';
import { ConfigPanel } from './config-panel';
import { ActionCode } from './action-code';
import { bodyOf, draftOf, emptyDraft, MANAGED_ANNOTATIONS, sameDraft, type ActionDoc, type Draft } from './draft';
import { RunPanel } from './run-panel';
import { StaleVersionPanel } from './stale-version-panel';
import { SequenceBuilder } from './sequence-builder';
import { useUnsavedGuard } from './use-unsaved-guard';
import { VersionsPanel } from './versions-panel';

type Tab = 'code' | 'config' | 'versions' | 'activations';

/** A create refused because the name is taken (the console's tRPC create says so with CONFLICT). */
function isConflict(error: unknown): boolean {
  return trpcCode(error) === 'CONFLICT';
}

/** A save refused because another save came in after the version it was based on. */
function isStaleSave(error: unknown): boolean {
  return trpcCode(error) === 'PRECONDITION_FAILED';
}

const trpcCode = (error: unknown): unknown => (error as { data?: { code?: unknown } } | null)?.data?.code;

/** Kinds a new action can have in the console (blackbox needs an image: use wsk). */
export const CREATABLE_KINDS = knownKinds().filter((kind) => kind !== 'blackbox');

/**
 * `initialName` starts a new action's name, e.g. "pkg/" to create it in a
 * package; `initialVersion` opens the Versions tab on that version.
 */
export function ActionWorkbench(props: { path?: string; initialKind?: string; initialName?: string; initialVersion?: string }) {
  const creating = props.path === undefined;
  const namespace = useNamespace();
  const router = useRouter();
  const utils = trpc.useUtils();
  const query = trpc.actions.get.useQuery(props.path ? { path: props.path } : skipToken);
  const doc = query.data?.action;

  const startKind = props.initialKind && CREATABLE_KINDS.includes(props.initialKind) ? props.initialKind : 'nodejs:default';
  const [newName, setNewName] = useState(props.initialName ?? '');
  const [newKind, setNewKind] = useState(startKind);
  const baseRef = useRef<Draft | undefined>(creating ? emptyDraft(templateFor(startKind)) : undefined);
  const [draft, setDraft] = useState<Draft | undefined>(baseRef.current);
  const [tab, setTab] = useState<Tab>(props.initialVersion && !creating ? 'versions' : 'code');
  /** Bumped when the draft is replaced from outside the editor (load, save, rollback, template). */
  const [revision, setRevision] = useState(0);
  const [saveError, setSaveError] = useState<unknown>();
  /** The version the draft's edits were made on; a save is refused if the action has moved on since. */
  const [basedOn, setBasedOn] = useState<string>();
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const [notice, setNotice] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);

  const kind = creating ? newKind : (doc?.exec.kind ?? '');
  const path = creating ? newName.trim() : props.path!;
  const isSequence = kind === 'sequence';
  const codeEditable = isSequence || (!doc?.exec.binary && kind !== 'blackbox');

  // A freshly loaded version replaces the draft unless the draft has edits of its own.
  useEffect(() => {
    if (!doc) return;
    const next = draftOf(doc);
    const oldBase = baseRef.current;
    const current = draftRef.current;
    const untouched = !current || !oldBase || sameDraft(current, oldBase);
    // The edits move onto the new version when there are none, or when it changed nothing the editor edits (a saved test payload).
    if (untouched || sameDraft(next, oldBase)) setBasedOn(doc.version);
    baseRef.current = next;
    setDraft(untouched ? next : current);
    setRevision((value) => value + 1);
  }, [doc]);

  // A failed save's message stays until the draft changes; then it may no longer hold.
  // biome-ignore lint/correctness/useExhaustiveDependencies: draft and newName are the triggers: any edit clears the message
  useEffect(() => setSaveError(undefined), [draft, newName]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), 4000);
    return () => clearTimeout(timer);
  }, [notice]);

  const dirty = !!draft && !!baseRef.current && (!sameDraft(draft, baseRef.current) || (creating && newName.trim() !== ''));
  useUnsavedGuard(dirty);

  const hidden = useMemo(() => (doc ? doc.annotations.filter((entry) => MANAGED_ANNOTATIONS.includes(entry.key)) : []), [doc]);
  const checked = draft ? bodyOf(draft, kind, hidden) : undefined;

  const save = trpc.actions.save.useMutation();
  const remove = trpc.actions.remove.useMutation({
    onSuccess: async () => {
      baseRef.current = draft;
      await utils.actions.list.invalidate();
      router.push('/actions');
    },
  });

  /**
   * Makes a saved version the editor's base. Edits made while it was being
   * saved (`sent` is what was sent) are kept as unsaved changes.
   */
  function adopt(saved: ActionDoc, sent?: Draft) {
    const next = draftOf(saved);
    baseRef.current = next;
    setBasedOn(saved.version);
    setDraft((current) => (!sent || !current || sameDraft(current, sent) ? next : current));
    setRevision((value) => value + 1);
  }

  /** `over`: the version to save over, when the user chose to replace a newer one. */
  async function doSave(over?: string): Promise<boolean> {
    if (!draft || !checked || save.isPending) return false;
    if (creating) {
      const name = actionPathSchema.safeParse(path);
      if (!name.success) {
        setSaveError(new Error(name.error.issues[0]?.message));
        return false;
      }
    }
    if (!checked.body) {
      setSaveError(new Error(checked.problems.all.join('\n')));
      if (!checked.problems.components) setTab('config');
      return false;
    }
    const body = codeEditable ? checked.body : { ...checked.body, exec: undefined };
    try {
      const sent = draft;
      const baseVersion = over ?? basedOn;
      const saved = await save.mutateAsync({ path, action: body, create: creating, ...(!creating && baseVersion ? { baseVersion } : {}) });
      setSaveError(undefined);
      adopt(saved, sent);
      utils.actions.get.setData({ path }, { action: saved, testPayloads: testPayloadsOf(saved.annotations as KeyValue[]) });
      void utils.versions.list.invalidate({ path });
      void utils.actions.list.invalidate();
      setNotice(`Saved version ${saved.version}`);
      if (creating) {
        setNewName('');
        router.replace(actionHref(path));
      }
      return true;
    } catch (error) {
      setSaveError(error);
      // Fetch what was saved in between: the stale-version panel then offers to compare.
      if (isStaleSave(error)) void utils.actions.get.invalidate({ path });
      return false;
    }
  }

  function discardEdits() {
    if (!doc) return;
    baseRef.current = draftOf(doc);
    setBasedOn(doc.version);
    setDraft(baseRef.current);
    setRevision((value) => value + 1);
  }

  const saveRef = useRef(doSave);
  saveRef.current = doSave;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        event.stopPropagation();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (!creating && query.isLoading) return <Loading label="Loading action…" />;
  if (!creating && isNotFoundError(query.error)) return <EntityNotFound kind="action" name={props.path} />;
  if (!creating && query.error) {
    return (
      <div className="page">
        <ErrorBanner error={query.error} />
      </div>
    );
  }
  if (!draft) return <Loading />;

  function changeKind(next: string) {
    // An untouched template follows the kind; edited code stays.
    if (draft && draft.code === templateFor(newKind)) {
      const fresh = emptyDraft(templateFor(next));
      baseRef.current = fresh;
      setDraft({ ...draft, code: fresh.code });
      setRevision((value) => value + 1);
    }
    setNewKind(next);
  }

  /** Set while the draft holds edits made on a version older than the stored one. */
  const staleBase = !creating && doc && dirty && basedOn && basedOn !== doc.version ? basedOn : undefined;

  const tabs: { id: Tab; label: string }[] = [
    { id: 'code', label: isSequence ? 'Components' : 'Code' },
    { id: 'config', label: 'Configuration' },
    ...(creating
      ? []
      : [
          { id: 'versions' as const, label: 'Versions' },
          { id: 'activations' as const, label: 'Activations' },
        ]),
  ];

  return (
    <div className="page-full">
      <div className="editor-head">
        {creating ? (
          <>
            <h1 style={{ fontFamily: 'var(--font)' }}>New {isSequence ? 'sequence' : 'action'}</h1>
            <input
              className="input mono"
              aria-label="Action name"
              placeholder="name or package/name"
              value={newName}
              onChange={(event) => setNewName(event.target.value)}
              style={{ width: 240 }}
              // biome-ignore lint/a11y/noAutofocus: the new-action form was just opened by the user; its name field is what they type next
              autoFocus
            />
            <select className="select" aria-label="Kind" value={newKind} onChange={(event) => changeKind(event.target.value)}>
              {CREATABLE_KINDS.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </>
        ) : (
          <>
            <h1>{props.path}</h1>
            <span className="badge mono">{kind}</span>
            <span className="badge accent mono" title={`Version ${doc?.version}`} data-testid="action-version">
              v{doc?.version}
            </span>
          </>
        )}
        {dirty && <span className="unsaved">Unsaved changes</span>}
        {notice && !dirty && (
          <span className="badge ok" role="status">
            {notice}
          </span>
        )}
        <span className="grow" />
        {!creating && (
          <button type="button" className="btn btn-danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        )}
        <button
          type="button"
          className="btn btn-primary"
          aria-label={creating ? 'Create' : 'Save'}
          aria-keyshortcuts="Control+S Meta+S"
          onClick={() => void doSave()}
          disabled={save.isPending || (!dirty && !creating)}
        >
          {save.isPending && <span className="spin" />}
          {creating ? 'Create' : 'Save'} <kbd>Ctrl S</kbd>
        </button>
      </div>
      {doc && managedOf(doc.annotations) && (
        <div className="managed-strip">
          <ManagedNotice annotations={doc.annotations} />
        </div>
      )}
      <div className="tabs" role="tablist" aria-label="Action">
        {tabs.map((entry) => (
          <button key={entry.id} type="button" role="tab" aria-selected={tab === entry.id} onClick={() => setTab(entry.id)}>
            {entry.label}
            {entry.id === 'config' && checked && checked.problems.all.length > 0 && !checked.problems.components && <span className="badge err">!</span>}
          </button>
        ))}
      </div>
      {staleBase && doc && draft && (
        <StaleVersionPanel
          saved={doc.version}
          basedOn={staleBase}
          savedText={isSequence ? (doc.exec.components ?? []).join('\n') : (doc.exec.code ?? '')}
          draftText={isSequence ? draft.components.join('\n') : draft.code}
          language={isSequence ? 'plaintext' : languageOfKind(kind)}
          saving={save.isPending}
          onSaveOver={() => void doSave(doc.version)}
          onDiscard={discardEdits}
        />
      )}
      {saveError && !(staleBase && isStaleSave(saveError)) ? (
        <div style={{ padding: '8px 16px 0', background: 'var(--panel)' }}>
          <ErrorBanner error={saveError} />
          {creating && isConflict(saveError) && (
            <p className="hint" style={{ margin: '6px 0 0' }}>
              <Link href={actionHref(path)}>Open {path}</Link>
            </p>
          )}
        </div>
      ) : null}

      {/* The code tab stays mounted, so the payload and the last run survive a look at another tab. */}
      {
        <div className="ide" hidden={tab !== 'code'}>
          <div className="ide-code">
            {isSequence ? (
              <SequenceBuilder
                namespace={namespace}
                self={props.path}
                components={draft.components}
                onChange={(components) => setDraft({ ...draft, components })}
                problem={checked?.problems.components}
              />
            ) : codeEditable ? (
              <ActionCode
                kind={kind}
                code={draft.code}
                revision={revision}
                modelPath={creating ? 'new-action' : `action/${path}`}
                onChange={(code) => setDraft((current) => (current ? { ...current, code } : current))}
              />
            ) : (
              <div className="page">
                <div className="banner info">
                  {doc?.exec.binary
                    ? 'This action’s code is a zip archive; deploy new code with wsk or the API. Configuration can be edited here.'
                    : `This blackbox action runs the image ${doc?.exec.image ?? ''}.`}
                </div>
              </div>
            )}
          </div>
          {creating ? (
            <aside className="ide-side" aria-label="Test">
              <div className="side-section">
                <div className="section-title">
                  <h2>Test</h2>
                </div>
                <p className="hint" style={{ margin: 0 }}>
                  Name the {isSequence ? 'sequence' : 'action'} and create it (Ctrl/⌘ S) to run it here with a payload, see its result and follow its logs live.
                </p>
              </div>
            </aside>
          ) : (
            <RunPanel path={path} kind={kind} testPayloads={query.data?.testPayloads ?? []} dirty={dirty} onSave={doSave} />
          )}
        </div>
      }
      {tab === 'config' && checked && <ConfigPanel draft={draft} kind={kind} problems={checked.problems} onChange={setDraft} path={props.path} />}
      {tab === 'versions' && doc && (
        <VersionsPanel
          path={path}
          current={doc.version}
          dirty={dirty}
          onRolledBack={adopt}
          {...(props.initialVersion ? { initialVersion: props.initialVersion } : {})}
        />
      )}
      {tab === 'activations' && (
        <div style={{ overflow: 'auto', flex: 1 }}>
          <ActivationsExplorer fixedPath={path} />
        </div>
      )}

      {confirmDelete && (
        <ConfirmDialog
          title={`Delete ${path}?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => remove.mutate({ path })}
        >
          The action and all its versions are deleted. Its activations are kept.
        </ConfirmDialog>
      )}
    </div>
  );
}
