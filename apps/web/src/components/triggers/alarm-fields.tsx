'use client';
// What makes a new trigger fire: nothing but the API (and rules' callers), or
// one of the /whisk.system alarms. Alarm fields are checked by the server as
// they are typed, with the alarms provider's own rules, and the schedule is
// shown in words with its next fire times before anything is created.
import { skipToken } from '@tanstack/react-query';
import { useDebounced } from '@/lib/use-debounced';
import { trpc } from '@/trpc/react';
import { NextFires } from './alarm-panel';

export type AlarmKind = 'none' | 'alarm' | 'interval' | 'once';

export interface AlarmDraft {
  kind: AlarmKind;
  cron: string;
  timezone: string;
  minutes: string;
  /** A datetime-local value, in the browser's time zone. */
  date: string;
  deleteAfterFire: 'false' | 'true' | 'rules';
  payload: string;
}

export const EMPTY_ALARM: AlarmDraft = { kind: 'none', cron: '*/2 * * * * *', timezone: '', minutes: '5', date: '', deleteAfterFire: 'false', payload: '' };

const KINDS: { kind: AlarmKind; label: string }[] = [
  { kind: 'none', label: 'When fired' },
  { kind: 'alarm', label: 'On a schedule' },
  { kind: 'interval', label: 'Every few minutes' },
  { kind: 'once', label: 'Once' },
];

/** The feed's parameters for a draft; a payload that is not JSON is sent as text, as the feed takes it. */
export function alarmParams(draft: AlarmDraft): Record<string, unknown> {
  const payload = draft.payload.trim() === '' ? undefined : parsePayload(draft.payload);
  const common = payload === undefined ? {} : { trigger_payload: payload };
  if (draft.kind === 'alarm') return { ...common, cron: draft.cron, ...(draft.timezone.trim() ? { timezone: draft.timezone.trim() } : {}) };
  if (draft.kind === 'interval') return { ...common, minutes: draft.minutes };
  return { ...common, date: draft.date ? new Date(draft.date).toISOString() : '', deleteAfterFire: draft.deleteAfterFire };
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function AlarmFields({ draft, onChange }: { draft: AlarmDraft; onChange: (draft: AlarmDraft) => void }) {
  const set = (patch: Partial<AlarmDraft>) => onChange({ ...draft, ...patch });
  const asked = useDebounced(draft.kind === 'none' ? undefined : { feed: draft.kind, params: alarmParams(draft) }, 250);
  const check = trpc.triggers.checkAlarm.useQuery(asked ?? skipToken);
  return (
    <section className="panel" aria-label="Fires">
      <div className="panel-head">
        <h2>Fires</h2>
        <span className="hint">An alarm fires the trigger on its own, through /whisk.system/alarms</span>
      </div>
      <div className="panel-body stack">
        <div className="segmented" role="group" aria-label="What fires the trigger">
          {KINDS.map(({ kind, label }) => (
            <button key={kind} type="button" aria-pressed={draft.kind === kind} onClick={() => set({ kind })}>
              {label}
            </button>
          ))}
        </div>
        {draft.kind === 'none' && <p className="hint">Fired through the API or the console, with a payload; nothing fires it on its own.</p>}
        {draft.kind === 'alarm' && (
          <div className="form-grid">
            <div className="field">
              <label htmlFor="alarm-cron">Cron pattern</label>
              <input
                id="alarm-cron"
                className="input mono"
                value={draft.cron}
                onChange={(event) => set({ cron: event.target.value })}
                aria-describedby="alarm-check"
                aria-invalid={check.data?.ok === false ? true : undefined}
              />
              <span className="hint">5 fields, or 6 with seconds first: */2 * * * * * is every two seconds</span>
            </div>
            <div className="field">
              <label htmlFor="alarm-timezone">Time zone</label>
              <input
                id="alarm-timezone"
                className="input mono"
                placeholder="UTC"
                value={draft.timezone}
                onChange={(event) => set({ timezone: event.target.value })}
                aria-describedby="alarm-check"
              />
              <span className="hint">An IANA name, e.g. Europe/Paris</span>
            </div>
          </div>
        )}
        {draft.kind === 'interval' && (
          <div className="field">
            <label htmlFor="alarm-minutes">Minutes between fires</label>
            <input
              id="alarm-minutes"
              className="input mono"
              inputMode="numeric"
              value={draft.minutes}
              onChange={(event) => set({ minutes: event.target.value })}
              aria-describedby="alarm-check"
            />
          </div>
        )}
        {draft.kind === 'once' && (
          <div className="form-grid">
            <div className="field">
              <label htmlFor="alarm-date">Date</label>
              <input
                id="alarm-date"
                type="datetime-local"
                step="1"
                className="input mono"
                value={draft.date}
                onChange={(event) => set({ date: event.target.value })}
                aria-describedby="alarm-check"
              />
            </div>
            <div className="field">
              <label htmlFor="alarm-after">After it fires</label>
              <select
                id="alarm-after"
                className="select"
                value={draft.deleteAfterFire}
                onChange={(event) => set({ deleteAfterFire: event.target.value as AlarmDraft['deleteAfterFire'] })}
              >
                <option value="false">Keep the trigger</option>
                <option value="true">Delete the trigger</option>
                <option value="rules">Delete the trigger and its rules</option>
              </select>
            </div>
          </div>
        )}
        {draft.kind !== 'none' && (
          <>
            <div className="field">
              <label htmlFor="alarm-payload">Payload (optional)</label>
              <input
                id="alarm-payload"
                className="input mono"
                placeholder='{"source": "alarm"}'
                value={draft.payload}
                onChange={(event) => set({ payload: event.target.value })}
              />
              <span className="hint">JSON object, or text sent as {'{"payload": …}'}</span>
            </div>
            <div id="alarm-check" aria-live="polite">
              {check.data?.ok === false && <p className="field-error">{check.data.message}</p>}
              {check.data?.ok === true && (
                <div className="stack">
                  <p style={{ margin: 0, fontWeight: 600 }}>{check.data.description}</p>
                  <NextFires times={check.data.nextFires} />
                </div>
              )}
            </div>
          </>
        )}
      </div>
    </section>
  );
}
