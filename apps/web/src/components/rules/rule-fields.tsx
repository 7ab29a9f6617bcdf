'use client';
// The trigger and action pickers of the rule forms: the namespace's triggers
// and actions, plus the rule's current choice when it is not among them (a
// deleted trigger, an action of a shared package).
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
        <select
          id="rule-action"
          className="select"
          value={props.action}
          onChange={(event) => props.onChange({ action: event.target.value })}
          aria-invalid={props.problems.action ? true : undefined}
          aria-describedby="rule-action-hint"
        >
          <option value="">{actions.isLoading ? 'Loading actions…' : actionPaths.length ? 'Choose an action…' : 'No actions: create one first'}</option>
          {withCurrent(actionPaths, props.action).map((path) => (
            <option key={path} value={path}>
              {path}
            </option>
          ))}
        </select>
        <span id="rule-action-hint" className={props.problems.action ? 'field-error' : 'hint'} role={props.problems.action ? 'alert' : undefined}>
          {props.problems.action ?? '…run this action with the payload'}
        </span>
      </div>
    </>
  );
}
