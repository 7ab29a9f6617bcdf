'use client';
// What the trigger fired lately: each trigger activation with, per rule, the
// action activation it started (or why it started none). Refreshes while an
// action activation it started is still running.
import Link from 'next/link';
import { Empty, ErrorBanner, Loading } from '@/components/ui/feedback';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatDateTime, relativeTime } from '@/lib/format';
import { trpc } from '@/trpc/react';

/** The longest an action may run (300 s) plus time to queue and start. */
const STILL_RUNNING_MS = 360_000;

/** `live`: something fires the trigger on its own (an active alarm), so new firings keep coming. */
export function TriggerFirings({ name, live = false }: { name: string; live?: boolean }) {
  const firings = trpc.triggers.firings.useQuery(
    { name },
    {
      // While firings keep coming, or a recent firing's actions are still running; one whose record never comes stops counting after the longest run.
      refetchInterval: (query) =>
        live ||
        query.state.data?.some(
          (firing) => Date.now() - firing.start < STILL_RUNNING_MS && firing.rules.some((rule) => rule.activationId && rule.actionStatusCode === null),
        )
          ? 1_000
          : false,
    },
  );
  const items = firings.data ?? [];

  return (
    <section className="panel" aria-label="Recent firings">
      <div className="panel-head">
        <h2>Recent firings</h2>
        <span className="hint">Each firing&apos;s trigger activation and the action activations its rules started</span>
        {firings.isFetching && <span className="spin faint" />}
      </div>
      <ErrorBanner error={firings.error} />
      {firings.isLoading ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title="Not fired yet">Fire the trigger (here, with wsk trigger fire, or through a feed) to see what it started.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Trigger activations">
            <thead>
              <tr>
                <th>Fired</th>
                <th>Trigger activation</th>
                <th>Payload</th>
                <th>Rules → action activations</th>
              </tr>
            </thead>
            <tbody>
              {items.map((firing) => (
                <tr key={firing.activationId} style={{ verticalAlign: 'top' }}>
                  <td className="subtle" title={formatDateTime(firing.start, { millis: true })}>
                    {relativeTime(firing.start)}
                  </td>
                  <td>
                    <Link className="mono" href={`/activations/${firing.activationId}`} aria-label={`Activation ${firing.activationId}`}>
                      {firing.activationId.slice(0, 12)}…
                    </Link>
                  </td>
                  <td>
                    <span className="mono truncate" style={{ maxWidth: 280 }} title={JSON.stringify(firing.payload, null, 2)}>
                      {JSON.stringify(firing.payload)}
                    </span>
                  </td>
                  <td style={{ whiteSpace: 'normal' }}>
                    <ul className="rule-outcomes" aria-label={`Rules fired by ${firing.activationId}`}>
                      {firing.rules.map((rule) => (
                        <li key={rule.rule} aria-label={`Rule ${rule.rule}`}>
                          <span className="mono">{rule.rule}</span>
                          <span className="faint">→</span>
                          <span className="mono">{rule.action}</span>
                          {rule.activationId ? (
                            <>
                              <StatusBadge statusCode={rule.actionStatusCode ?? 0} pending={rule.actionStatusCode === null} />
                              <Link className="mono" href={`/activations/${rule.activationId}`} aria-label={`Action activation ${rule.activationId}`}>
                                {rule.activationId.slice(0, 12)}…
                              </Link>
                            </>
                          ) : (
                            <>
                              <span className={`badge ${rule.statusCode === 3 ? 'warn' : ''}`}>not started</span>
                              <span className="subtle">{rule.error ?? 'No action activation.'}</span>
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
