'use client';
// One rule: enable or disable it, change its trigger, action or annotations,
// delete it.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { checkKvRows, kvRowsOf, sameRows, type KvRow } from '@/lib/kv-rows';
import { KvSection } from '@/components/packages/kv-section';
import { useNamespace } from '@/components/shell/namespace-context';
import { ConfirmDialog, ErrorBanner, Loading } from '@/components/ui/feedback';
import { EntityNotFound } from '@/components/shell/entity-not-found';
import { isNotFoundError } from '@/components/ui/not-found-panel';
import { EntityHead } from '@/components/ui/entity-head';
import { useEntityDraft, useFlashNotice } from '@/components/ui/use-entity-draft';
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
  const [problems, setProblems] = useState<{ trigger?: string; action?: string; annotations?: string }>({});
  const [deleting, setDeleting] = useState(false);

  // Reads only the namespace besides the rule, which a session never changes.
  const draftOf = (rule: Rule): Draft => ({
    trigger: refValue(rule.trigger, namespace),
    action: refValue(rule.action, namespace),
    annotations: kvRowsOf(rule.annotations),
  });
  const edit = useEntityDraft(query.data, draftOf, same);
  const { draft, setDraft, dirty } = edit;
  const [notice, setNotice] = useFlashNotice();

  const save = trpc.rules.update.useMutation({
    onSuccess: async (saved) => {
      edit.saved(saved);
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
  if (query.isLoading) return <Loading label="Loading rule…" />;
  if (isNotFoundError(query.error)) return <EntityNotFound kind="rule" name={name} />;
  if (query.error || !rule || !draft) {
    return (
      <div className="page">
        <ErrorBanner error={query.error ?? new Error(`The rule ${name} does not exist.`)} />
      </div>
    );
  }

  function submit() {
    if (!draft) return;
    const annotations = checkKvRows(draft.annotations, 'Annotation');
    const found = {
      ...(draft.trigger ? {} : { trigger: 'Choose a trigger.' }),
      ...(draft.action.trim() ? {} : { action: 'Name an action.' }),
      ...(annotations.problem ? { annotations: annotations.problem } : {}),
    };
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    save.mutate({ name, trigger: draft.trigger, action: draft.action.trim(), annotations: annotations.entries });
  }

  return (
    <div className="page">
      <EntityHead
        name={rule.name}
        version={rule.version}
        dirty={dirty}
        notice={notice}
        saving={save.isPending}
        onSave={submit}
        onDelete={() => setDeleting(true)}
      >
        <RuleStatusSwitch name={rule.name} status={rule.status} />
      </EntityHead>
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
        <KvSection
          title="Annotations"
          hint="Metadata"
          rows={draft.annotations}
          onChange={(annotations) => setDraft({ ...draft, annotations })}
          problem={problems.annotations}
        />
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
