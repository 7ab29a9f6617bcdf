'use client';
// A trigger's alarm: its schedule in words, whether it still fires (and why
// not), how often it has, and its next fire times, drawn on a line from now
// and listed for screen readers and copying.
import { formatDateTime, relativeTime } from '@/lib/format';
import { trpc, type RouterOutputs } from '@/trpc/react';

type Alarm = NonNullable<RouterOutputs['triggers']['alarm']>;

/** How often a trigger's alarm is read again: its fire count and next fires move on their own. */
export const ALARM_REFRESH_MS = 2_000;

/** The trigger's alarm, read again every ALARM_REFRESH_MS; null when it has none. */
export function useTriggerAlarm(name: string) {
  return trpc.triggers.alarm.useQuery({ name }, { refetchInterval: ALARM_REFRESH_MS });
}

export function AlarmPanel({ alarm }: { alarm: Alarm | null | undefined }) {
  if (!alarm) return null;
  return (
    <section className="panel" aria-label="Alarm">
      <div className="panel-head">
        <h2>Alarm</h2>
        <span className={`badge ${alarm.active ? 'ok' : 'warn'}`}>{alarm.active ? 'active' : 'disabled'}</span>
        <span className="hint mono">{alarm.feed}</span>
      </div>
      <div className="panel-body stack">
        <p style={{ margin: 0, fontWeight: 600 }}>{alarm.description}</p>
        {alarm.reason && (
          <p className="field-error" role="status" style={{ margin: 0 }}>
            {alarm.reason}
          </p>
        )}
        <dl className="dl">
          <dt>Fired</dt>
          <dd>
            {alarm.fired} {alarm.fired === 1 ? 'time' : 'times'}
          </dd>
          {alarm.failures > 0 && (
            <>
              <dt>Failed in a row</dt>
              <dd>{alarm.failures}</dd>
            </>
          )}
          {Object.keys(alarm.config.payload).length > 0 && (
            <>
              <dt>Payload</dt>
              <dd className="mono">{JSON.stringify(alarm.config.payload)}</dd>
            </>
          )}
        </dl>
        <NextFires times={alarm.nextFires} />
      </div>
    </section>
  );
}

/** The next fire times: dots on a line from now to the last one, then the list. */
export function NextFires({ times }: { times: Alarm['nextFires'] }) {
  if (times.length === 0) return <p className="hint">No fire is scheduled.</p>;
  const now = Date.now();
  const instants = times.map((time) => Date.parse(time));
  const span = Math.max(1, instants[instants.length - 1]! - now);
  return (
    <div>
      <svg viewBox="0 0 300 24" width="100%" height="24" aria-hidden="true" style={{ display: 'block' }}>
        <line x1="6" y1="12" x2="294" y2="12" stroke="var(--border-strong)" strokeWidth="2" />
        <circle cx="6" cy="12" r="3" fill="var(--muted)" />
        {instants.map((instant) => (
          <circle key={instant} cx={6 + (288 * Math.max(0, instant - now)) / span} cy="12" r="5" fill="var(--accent)" />
        ))}
      </svg>
      <h3 className="section-title" id="next-fires-title" style={{ margin: '8px 0 4px' }}>
        Next fires
      </h3>
      <ol aria-labelledby="next-fires-title" className="mono" style={{ margin: 0, paddingLeft: 18 }}>
        {instants.map((instant) => (
          <li key={instant}>
            {formatDateTime(instant)} <span className="faint">({inWords(instant, now)})</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function inWords(instant: number, now: number): string {
  const seconds = Math.round((instant - now) / 1000);
  if (seconds <= 0) return relativeTime(instant, now);
  if (seconds < 120) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `in ${hours} h` : `in ${Math.round(hours / 24)} d`;
}
