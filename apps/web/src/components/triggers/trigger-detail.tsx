'use client';
// One trigger: its alarm if it has one, fire it with a payload, see what its
// recent firings started, its rules (enable or disable them here), its
// parameters and annotations.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ruleHref } from '@/components/packages/hrefs';
import { checkKvRows, kvRowsOf, sameRows, type KvRow } from '@/lib/kv-rows';
import { KvSection } from '@/components/packages/kv-section';
import { RefLink } from '@/components/rules/ref-link';
import { actionRefHref, refValue } from '@/components/rules/rule-refs';
import { RuleStatusSwitch } from '@/components/rules/rule-status-switch';
import { useNamespace } from '@/components/shell/namespace-context';
import { ConfirmDialog, ErrorBanner, Loading } from '@/components/ui/feedback';
import { EntityNotFound } from '@/components/shell/entity-not-found';
import { isNotFoundError } from '@/components/ui/not-found-panel';
import { IconPlus } from '@/components/ui/icons';
import { EntityHead } from '@/components/ui/entity-head';
import { useEntityDraft, useFlashNotice } from '@/components/ui/use-entity-draft';
import { trpc, type RouterOutputs } from '@/trpc/react';
import { AlarmPanel, useTriggerAlarm } from './alarm-panel';
import { FirePanel } from './fire-panel';
import { TriggerFirings } from './trigger-firings';

type TriggerDoc = RouterOutputs['triggers']['get'];

interface Draft {
  parameters: KvRow[];
  annotations: KvRow[];
}

const draftOf = (doc: Pick<TriggerDoc, 'parameters' | 'annotations'>): Draft => ({
  parameters: kvRowsOf(doc.parameters),
  annotations: kvRowsOf(doc.annotations),
});
const same = (a: Draft, b: Draft) => sameRows(a.parameters, b.parameters) && sameRows(a.annotations, b.annotations);

export function TriggerDetail({ name }: { name: string }) {
  const namespace = useNamespace();
  const router = useRouter();
  const utils = trpc.useUtils();
  const query = trpc.triggers.get.useQuery({ name });
  const alarm = useTriggerAlarm(name);
  const edit = useEntityDraft(query.data, draftOf, same);
  const { draft, setDraft, dirty } = edit;
  const [notice, setNotice] = useFlashNotice();
  const [problems, setProblems] = useState<{ parameters?: string; annotations?: string }>({});
  const [deleting, setDeleting] = useState(false);

  const save = trpc.triggers.update.useMutation({
    onSuccess: async (saved) => {
      edit.saved(saved);
      setNotice(`Saved version ${saved.version}`);
      await Promise.all([utils.triggers.get.invalidate({ name }), utils.triggers.list.invalidate()]);
    },
  });
  const remove = trpc.triggers.remove.useMutation({
    onSuccess: async () => {
      await Promise.all([utils.triggers.list.invalidate(), utils.rules.list.invalidate()]);
      router.push('/triggers');
    },
  });

  const doc = query.data;
  if (query.isLoading) return <Loading label="Loading trigger…" />;
  if (isNotFoundError(query.error)) return <EntityNotFound kind="trigger" name={name} />;
  if (query.error || !doc || !draft) {
    return (
      <div className="page">
        <ErrorBanner error={query.error ?? new Error(`The trigger ${name} does not exist.`)} />
      </div>
    );
  }

  // The document keys rules by "namespace/rule".
  const rules = Object.entries(doc.rules ?? {}).map(([key, rule]) => ({ name: key.slice(key.indexOf('/') + 1), ...rule }));

  function submit() {
    if (!draft) return;
    const parameters = checkKvRows(draft.parameters, 'Parameter');
    const annotations = checkKvRows(draft.annotations, 'Annotation');
    setProblems({ ...(parameters.problem ? { parameters: parameters.problem } : {}), ...(annotations.problem ? { annotations: annotations.problem } : {}) });
    if (parameters.problem || annotations.problem) return;
    save.mutate({ name, parameters: parameters.entries, annotations: annotations.entries });
  }

  return (
    <div className="page">
      <EntityHead
        name={doc.name}
        version={doc.version}
        dirty={dirty}
        notice={notice}
        saving={save.isPending}
        onSave={submit}
        onDelete={() => setDeleting(true)}
      />
      <ErrorBanner error={save.error} />

      <div className="grid-2" style={{ alignItems: 'start', marginTop: save.error ? 12 : 0, marginBottom: 14 }}>
        <div className="stack">
          <AlarmPanel alarm={alarm.data} />
          <FirePanel name={doc.name} />
          <section className="panel" aria-label="Rules">
            <div className="panel-head">
              <h2>Rules</h2>
              <span className="count">{rules.length}</span>
              <Link className="btn btn-sm" href={`/rules?trigger=${encodeURIComponent(doc.name)}`}>
                <IconPlus /> New rule
              </Link>
            </div>
            {rules.length === 0 ? (
              <p className="hint" style={{ padding: '0 12px' }}>
                No rules name this trigger: firing it runs nothing until one does.
              </p>
            ) : (
              <table className="table" aria-label="Rules of the trigger">
                <thead>
                  <tr>
                    <th>Rule</th>
                    <th>Action</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {rules.map((rule) => (
                    <tr key={rule.name}>
                      <td>
                        <Link className="cell-link mono" href={ruleHref(rule.name)}>
                          {rule.name}
                        </Link>
                      </td>
                      <td>
                        <RefLink href={actionRefHref(rule.action, namespace)} text={refValue(rule.action, namespace)} />
                      </td>
                      <td>
                        <RuleStatusSwitch name={rule.name} status={rule.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
        <div className="stack">
          <KvSection
            title="Parameters"
            hint="Defaults merged under each event's payload"
            rows={draft.parameters}
            onChange={(parameters) => setDraft({ ...draft, parameters })}
            problem={problems.parameters}
          />
          <KvSection
            title="Annotations"
            hint="Metadata; feed names a feed action"
            rows={draft.annotations}
            onChange={(annotations) => setDraft({ ...draft, annotations })}
            problem={problems.annotations}
          />
        </div>
      </div>
      <TriggerFirings name={doc.name} live={alarm.data?.active === true} />

      {deleting && (
        <ConfirmDialog
          title={`Delete ${doc.name}?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => setDeleting(false)}
          onConfirm={() => remove.mutate({ name })}
        >
          {rules.length > 0
            ? `Its ${rules.length === 1 ? 'rule stays but becomes' : `${rules.length} rules stay but become`} inactive, so a trigger made again under this name does not fire them unasked.`
            : 'The trigger is deleted. Its activations are kept.'}
        </ConfirmDialog>
      )}
    </div>
  );
}
