'use client';
// The Triggers page: each trigger with how many of its rules are active,
// and the form that creates one.
import Link from 'next/link';
import { useState } from 'react';
import { triggerHref } from '@/components/packages/hrefs';
import { Empty, ErrorBanner, Loading } from '@/components/ui/feedback';
import { IconPlus } from '@/components/ui/icons';
import { formatDateTime, relativeTime } from '@/lib/format';
import { trpc } from '@/trpc/react';
import { TriggerCreateForm } from './trigger-create-form';

export function TriggersList() {
  const triggers = trpc.triggers.list.useQuery();
  const rules = trpc.rules.list.useQuery();
  const [creating, setCreating] = useState(false);
  const items = triggers.data ?? [];

  /** The rules naming each trigger of this namespace, by trigger name. */
  const rulesOf = (name: string) => (rules.data ?? []).filter((rule) => rule.trigger.name === name && rule.trigger.path === rule.namespace);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Triggers</h1>
        {triggers.data && <span className="count">{items.length}</span>}
        <span className="grow" />
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} disabled={creating}>
          <IconPlus /> New trigger
        </button>
      </div>
      {creating && <TriggerCreateForm onCancel={() => setCreating(false)} />}
      <div className="panel">
        <ErrorBanner error={triggers.error ?? rules.error} />
        {triggers.isLoading ? (
          <Loading />
        ) : items.length === 0 ? (
          <Empty title="No triggers yet">A trigger is a named channel of events; rules connect it to the actions each event runs.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Triggers">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Rules</th>
                  <th className="num">Parameters</th>
                  <th>Feed</th>
                  <th>Version</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((trigger) => {
                  const named = rulesOf(trigger.name);
                  const active = named.filter((rule) => rule.status === 'active').length;
                  const feed = trigger.annotations.find((entry) => entry.key === 'feed')?.value;
                  return (
                    <tr key={trigger.name}>
                      <td>
                        <Link className="cell-link mono" href={triggerHref(trigger.name)}>
                          {trigger.name}
                        </Link>
                      </td>
                      <td>
                        {named.length === 0 ? (
                          <span className="faint">none</span>
                        ) : (
                          <span className={`badge ${active > 0 ? 'ok' : ''}`}>
                            {active} of {named.length} active
                          </span>
                        )}
                      </td>
                      <td className="num">{trigger.parameters.length}</td>
                      <td className="mono">{typeof feed === 'string' ? feed : <span className="faint">—</span>}</td>
                      <td className="mono">{trigger.version}</td>
                      <td className="subtle" title={formatDateTime(trigger.updated)}>
                        {relativeTime(trigger.updated)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
