'use client';
// One rule: enable or disable it, change its trigger, action or annotations,
// delete it.
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { checkKvRows, kvRowsOf, sameRows, type KvRow } from '@/components/packages/kv-rows';
import { KvSection } from '@/components/packages/kv-section';
import { useNamespace } from '@/components/shell/namespace-context';
import { ConfirmDialog, ErrorBanner, Loading } from '@/components/ui/feedback';
import { formatDateTime } from '@/lib/format';
import { trpc, type RouterOutputs } from '@/trpc/react';
import { RefLink } from './ref-link';
import { RuleFields } from './rule-fields';
import { actionRefHref, refValue, triggerRefHref } from './rule-refs';
import { RuleStatusSwitch } from './rule-status-switch';

type Rule = RouterOutputs['rules']['get'];

interface Draft {
  trigger: string;
  action: string;
  annotations: KvRow[];
}

const same = (a: Draft, b: Draft) => a.trigger === b.trigger && a.action === b.action && sameRows(a.annotations, b.annotations);

export function RuleDetail({ name }: { name: string }) {
  const namespace = useNamespace();
  const router = useRouter();
  const utils = trpc.useUtils();
  const query = trpc.rules.get.useQuery({ name });
  const baseRef = useRef<Draft | undefined>(undefined);
  const [draft, setDraft] = useState<Draft>();
  const [problems, setProblems] = useState<{ trigger?: string; action?: string; annotations?: string }>({});
  const [notice, setNotice] = useState<string>();
  const [deleting, setDeleting] = useState(false);

  const draftOf = (rule: Rule): Draft => ({
    trigger: refValue(rule.trigger, namespace),
    action: refValue(rule.action, namespace),
    annotations: kvRowsOf(rule.annotations),
  });

  const save = trpc.rules.update.useMutation({
    onSuccess: async (saved) => {
      baseRef.current = draftOf(saved);
      setDraft(baseRef.current);
      setNotice(`Saved version ${saved.version}`);
      utils.rules.get.setData({ name }, saved);
      await Promise.all([utils.rules.list.invalidate(), utils.triggers.get.invalidate()]);
    },
  });
  const remove = trpc.rules.remove.useMutation({
    onSuccess: async () => {
      await Promise.all([utils.rules.list.invalidate(), utils.triggers.get.invalidate()]);
      router.push('/rules');
    },
  });

  const rule = query.data;
  useEffect(() => {
    if (!rule) return;
    const next = draftOf(rule);
    const old = baseRef.current;
    baseRef.current = next;
    setDraft((current) => (!current || !old || same(current, old) ? next : current));
    // draftOf only reads the namespace, which a session never changes.
  }, [rule]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), 4000);
    return () => clearTimeout(timer);
  }, [notice]);

  if (query.isLoading) return <Loading label="Loading rule…" />;
  if (query.error || !rule || !draft) {
    return (
      <div className="page">
        <ErrorBanner error={query.error ?? new Error(`The rule ${name} does not exist.`)} />
      </div>
    );
  }

  const dirty = !!baseRef.current && !same(draft, baseRef.current);

  function submit() {
    if (!draft) return;
    const annotations = checkKvRows(draft.annotations, 'Annotation');
    const found = {
      ...(draft.trigger ? {} : { trigger: 'Choose a trigger.' }),
      ...(draft.action ? {} : { action: 'Choose an action.' }),
      ...(annotations.problem ? { annotations: annotations.problem } : {}),
    };
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    save.mutate({ name, trigger: draft.trigger, action: draft.action, annotations: annotations.entries });
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="entity-title">{rule.name}</h1>
        <RuleStatusSwitch name={rule.name} status={rule.status} />
        <span className="badge accent mono">v{rule.version}</span>
        {dirty && <span className="unsaved">Unsaved changes</span>}
        {notice && !dirty && (
          <span className="badge ok" role="status">
            {notice}
          </span>
        )}
        <span className="grow" />
        <button type="button" className="btn btn-danger" onClick={() => setDeleting(true)}>
          Delete
        </button>
        <button type="button" className="btn btn-primary" onClick={submit} disabled={!dirty || save.isPending}>
          {save.isPending && <span className="spin" />} Save
        </button>
      </div>
      <ErrorBanner error={save.error} />
      <div className="grid-2" style={{ alignItems: 'start', marginTop: save.error ? 12 : 0 }}>
        <section className="panel" aria-label="Trigger and action">
          <div className="panel-head">
            <h2>Trigger and action</h2>
            <span className="hint">Saving keeps the rule&apos;s status</span>
          </div>
          <div className="panel-body stack" style={{ gap: 12 }}>
            <p style={{ margin: 0 }}>
              When <RefLink href={triggerRefHref(rule.trigger, namespace)} text={refValue(rule.trigger, namespace)} /> fires, run{' '}
              <RefLink href={actionRefHref(rule.action, namespace)} text={refValue(rule.action, namespace)} /> with the event.
            </p>
            <RuleFields trigger={draft.trigger} action={draft.action} onChange={(patch) => setDraft({ ...draft, ...patch })} problems={problems} />
            <span className="hint">Updated {formatDateTime(rule.updated)}</span>
          </div>
        </section>
        <KvSection title="Annotations" hint="Metadata" rows={draft.annotations} onChange={(annotations) => setDraft({ ...draft, annotations })} problem={problems.annotations} />
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${rule.name}?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => setDeleting(false)}
          onConfirm={() => remove.mutate({ name })}
        >
          The rule is deleted; its trigger and action stay.
        </ConfirmDialog>
      )}
    </div>
  );
}
