'use client';
// Creates a rule: a name, the trigger whose events it takes and the action
// it runs. New rules start active, as in OpenWhisk.
import { entityNameSchema } from '@brisk/core/browser';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ruleHref } from '@/components/packages/hrefs';
import { ErrorBanner } from '@/components/ui/feedback';
import { NameField } from '@/components/ui/name-field';
import { trpc } from '@/trpc/react';
import { RuleFields } from './rule-fields';

interface Problems {
  name?: string;
  trigger?: string;
  action?: string;
}

export function RuleCreateForm({ initialTrigger = '', onCancel }: { initialTrigger?: string; onCancel: () => void }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const [choice, setChoice] = useState({ trigger: initialTrigger, action: '' });
  const [problems, setProblems] = useState<Problems>({});
  const create = trpc.rules.create.useMutation({
    onSuccess: async (saved) => {
      await Promise.all([utils.rules.list.invalidate(), utils.triggers.get.invalidate()]);
      router.push(ruleHref(saved.name));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checkedName = entityNameSchema('rule').safeParse(name.trim());
    const found: Problems = {
      ...(checkedName.success ? {} : { name: checkedName.error.issues[0]?.message }),
      ...(choice.trigger ? {} : { trigger: 'Choose a trigger.' }),
      ...(choice.action.trim() ? {} : { action: 'Name an action.' }),
    };
    setProblems(found);
    if (Object.keys(found).length > 0 || !checkedName.success) return;
    create.mutate({ name: checkedName.data, trigger: choice.trigger, action: choice.action.trim(), annotations: [] });
  }

  return (
    <form style={{ marginBottom: 14 }} aria-label="New rule" onSubmit={submit} noValidate>
      <section className="panel">
        <div className="panel-head">
          <h2>New rule</h2>
          <span className="hint">Each time the trigger fires, the action runs with the event</span>
        </div>
        <div className="panel-body">
          <div className="form-grid">
            <NameField
              id="rule-name"
              label={'Rule name'}
              value={name}
              problem={problems.name}
              onChange={(value) => {
                setName(value);
                setProblems(({ name: _stale, ...rest }) => rest);
              }}
            />
            <RuleFields
              trigger={choice.trigger}
              action={choice.action}
              onChange={(patch) => {
                setChoice({ ...choice, ...patch });
                // A new choice answers the problem with the old one.
                setProblems((current) => ({
                  ...current,
                  ...(patch.trigger !== undefined ? { trigger: undefined } : {}),
                  ...(patch.action !== undefined ? { action: undefined } : {}),
                }));
              }}
              problems={problems}
            />
          </div>
          <ErrorBanner error={create.error} />
          <div className="toolbar" style={{ justifyContent: 'flex-end', marginTop: 10 }}>
            <button type="button" className="btn" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>
              {create.isPending && <span className="spin" />} Create rule
            </button>
          </div>
        </div>
      </section>
    </form>
  );
}
