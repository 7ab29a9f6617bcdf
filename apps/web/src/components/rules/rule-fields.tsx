'use client';
// The trigger and action pickers of the rule forms. The trigger is one of the
// namespace's (plus the rule's current one when it was deleted). The action is
// typed with the namespace's actions as suggestions, so that an action reached
// through a binding (`binding/action`) or another namespace's published
// package (`/other/pkg/action`) can be named too; the server checks it.
import { trpc } from '@/trpc/react';

export function RuleFields(props: {
  trigger: string;
  action: string;
  onChange: (patch: { trigger?: string; action?: string }) => void;
  problems: { trigger?: string | undefined; action?: string | undefined };
}) {
  const triggers = trpc.triggers.list.useQuery();
  const actions = trpc.actions.list.useQuery({});
  const triggerNames = (triggers.data ?? []).map((trigger) => trigger.name);
  const actionPaths = (actions.data?.items ?? []).map((item) => item.path);
  const withCurrent = (options: string[], current: string) => (current && !options.includes(current) ? [current, ...options] : options);

  return (
    <>
      <div className="field">
        <label htmlFor="rule-trigger">Trigger</label>
        <select
          id="rule-trigger"
          className="select"
          value={props.trigger}
          onChange={(event) => props.onChange({ trigger: event.target.value })}
          aria-invalid={props.problems.trigger ? true : undefined}
          aria-describedby="rule-trigger-hint"
        >
          <option value="">{triggers.isLoading ? 'Loading triggers…' : triggerNames.length ? 'Choose a trigger…' : 'No triggers: create one first'}</option>
          {withCurrent(triggerNames, props.trigger).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <span id="rule-trigger-hint" className={props.problems.trigger ? 'field-error' : 'hint'} role={props.problems.trigger ? 'alert' : undefined}>
          {props.problems.trigger ?? 'Events fired on it…'}
        </span>
      </div>
      <div className="field">
        <label htmlFor="rule-action">Action</label>
        <input
          id="rule-action"
          className="input mono"
          list="rule-action-suggestions"
          placeholder={actions.isLoading ? 'Loading actions…' : 'action, pkg/action, binding/action or /namespace/pkg/action'}
          value={props.action}
          onChange={(event) => props.onChange({ action: event.target.value })}
          aria-invalid={props.problems.action ? true : undefined}
          aria-describedby="rule-action-hint"
        />
        <datalist id="rule-action-suggestions">
          {actionPaths.map((path) => (
            <option key={path} value={path} />
          ))}
        </datalist>
        <span id="rule-action-hint" className={props.problems.action ? 'field-error' : 'hint'} role={props.problems.action ? 'alert' : undefined}>
          {props.problems.action ?? '…run this action with the payload'}
        </span>
      </div>
    </>
  );
}
