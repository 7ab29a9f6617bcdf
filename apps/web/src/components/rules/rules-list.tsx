'use client';
// The Rules page: trigger → action for each rule, with a switch that enables
// or disables it, and the form that creates one (`?trigger=` preselects it).
import Link from 'next/link';
import { useState } from 'react';
import { ruleHref } from '@/components/packages/hrefs';
import { useNamespace } from '@/components/shell/namespace-context';
import { Empty, ErrorBanner, Loading } from '@/components/ui/feedback';
import { IconPlus } from '@/components/ui/icons';
import { formatDateTime, relativeTime } from '@/lib/format';
import { trpc } from '@/trpc/react';
import { RuleCreateForm } from './rule-create-form';
import { RefLink } from './ref-link';
import { actionRefHref, refValue, triggerRefHref } from './rule-refs';
import { RuleStatusSwitch } from './rule-status-switch';

export function RulesList({ presetTrigger }: { presetTrigger?: string | undefined }) {
  const namespace = useNamespace();
  const rules = trpc.rules.list.useQuery();
  const [creating, setCreating] = useState(presetTrigger !== undefined);
  const items = rules.data ?? [];

  return (
    <div className="page">
      <div className="page-head">
        <h1>Rules</h1>
        {rules.data && <span className="count">{items.length}</span>}
        <span className="grow" />
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} disabled={creating}>
          <IconPlus /> New rule
        </button>
      </div>
      {creating && <RuleCreateForm {...(presetTrigger ? { initialTrigger: presetTrigger } : {})} onCancel={() => setCreating(false)} />}
      <div className="panel">
        <ErrorBanner error={rules.error} />
        {rules.isLoading ? (
          <Loading />
        ) : items.length === 0 ? (
          <Empty title="No rules yet">A rule runs an action each time a trigger fires.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Rules">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Trigger → action</th>
                  <th>Status</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((rule) => (
                  <tr key={rule.name}>
                    <td>
                      <Link className="cell-link mono" href={ruleHref(rule.name)}>
                        {rule.name}
                      </Link>
                    </td>
                    <td>
                      <RefLink href={triggerRefHref(rule.trigger, namespace)} text={refValue(rule.trigger, namespace)} />{' '}
                      <span className="faint" role="img" aria-label="runs">
                        →
                      </span>{' '}
                      <RefLink href={actionRefHref(rule.action, namespace)} text={refValue(rule.action, namespace)} />
                    </td>
                    <td>
                      <RuleStatusSwitch name={rule.name} status={rule.status} />
                    </td>
                    <td className="subtle" title={formatDateTime(rule.updated)}>
                      {relativeTime(rule.updated)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
