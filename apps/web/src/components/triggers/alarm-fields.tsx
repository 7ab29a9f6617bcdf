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
            <AlarmInput
              id="alarm-cron"
              label="Cron pattern"
              hint="5 fields, or 6 with seconds first: */2 * * * * * is every two seconds"
              value={draft.cron}
              onChange={(cron) => set({ cron })}
              invalid={check.data?.ok === false}
            />
            <AlarmInput
              id="alarm-timezone"
              label="Time zone"
              hint="An IANA name, e.g. Europe/Paris"
              placeholder="UTC"
              value={draft.timezone}
              onChange={(timezone) => set({ timezone })}
            />
          </div>
        )}
        {draft.kind === 'interval' && (
          <AlarmInput id="alarm-minutes" label="Minutes between fires" inputMode="numeric" value={draft.minutes} onChange={(minutes) => set({ minutes })} />
        )}
        {draft.kind === 'once' && (
          <div className="form-grid">
            <AlarmInput id="alarm-date" label="Date" type="datetime-local" step="1" value={draft.date} onChange={(date) => set({ date })} />
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
            <AlarmInput
              id="alarm-payload"
              label="Payload (optional)"
              hint={'JSON object, or text sent as {"payload": …}'}
              placeholder='{"source": "alarm"}'
              value={draft.payload}
              onChange={(payload) => set({ payload })}
            />
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

/** One alarm field: its label, its hint, and the live check, all read out with it. */
function AlarmInput(props: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  invalid?: boolean;
  placeholder?: string;
  inputMode?: 'numeric';
  type?: 'datetime-local';
  step?: string;
}) {
  const hintId = `${props.id}-hint`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className="input mono"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-describedby={props.hint ? `${hintId} alarm-check` : 'alarm-check'}
        aria-invalid={props.invalid ? true : undefined}
        {...(props.placeholder ? { placeholder: props.placeholder } : {})}
        {...(props.inputMode ? { inputMode: props.inputMode } : {})}
        {...(props.type ? { type: props.type } : {})}
        {...(props.step ? { step: props.step } : {})}
      />
      {props.hint && (
        <span id={hintId} className="hint">
          {props.hint}
        </span>
      )}
    </div>
  );
}
