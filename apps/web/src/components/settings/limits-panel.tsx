'use client';
// The signed-in namespace's limits as they apply now, each saying whether it
// is the namespace's own or the platform's default. Read-only: operators set
// them (`npm run admin -- limits set`, or the admin API).
import { ErrorBanner, Loading } from '@/components/ui/feedback';
import { trpc } from '@/trpc/react';

const LIMITS = [
  { name: 'invocationsPerMinute', label: 'Invocations per minute', unit: '' },
  { name: 'concurrentInvocations', label: 'Concurrent invocations', unit: '' },
  { name: 'firesPerMinute', label: 'Trigger fires per minute', unit: '' },
  { name: 'activationRetentionDays', label: 'Activation records kept', unit: ' days' },
] as const;

const number = new Intl.NumberFormat('en-US');

export function LimitsPanel() {
  const limits = trpc.namespace.limits.useQuery();
  return (
    <section className="panel" aria-labelledby="limits-title" style={{ marginBottom: 14 }}>
      <div className="panel-head">
        <h2 id="limits-title">Limits</h2>
      </div>
      <div className="panel-body stack" style={{ gap: 10 }}>
        <ErrorBanner error={limits.error} />
        {limits.isLoading ? (
          <Loading label="Loading limits…" />
        ) : (
          limits.data && (
            <div className="table-wrap">
              <table className="table" aria-label="Namespace limits">
                <thead>
                  <tr>
                    <th>Limit</th>
                    <th className="num">Value</th>
                    <th>Set by</th>
                  </tr>
                </thead>
                <tbody>
                  {LIMITS.map(({ name, label, unit }) => {
                    const own = limits.data.own[name] !== null;
                    return (
                      <tr key={name} aria-label={label}>
                        <th scope="row">{label}</th>
                        <td className="num mono">
                          {number.format(limits.data.effective[name])}
                          {unit}
                        </td>
                        <td>
                          {own ? <span className="badge accent">this namespace</span> : <span className="badge">platform default</span>}
                          {own && <span className="faint"> (default {number.format(limits.data.defaults[name])})</span>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        )}
        <p className="hint">
          Invocations past a limit get 429. The platform&apos;s operator sets a namespace&apos;s own limits with <code>npm run admin -- limits set</code>.
          {limits.data &&
            ` The defaults are sized to this installation (${number.format(limits.data.size.capacityPerSecond)} activations/s, ${number.format(limits.data.size.slots)} worker slots): half a minute of its capacity per minute, four times its slots at once.`}
        </p>
      </div>
    </section>
  );
}
