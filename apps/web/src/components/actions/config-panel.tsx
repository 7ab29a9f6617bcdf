'use client';
// The Configuration tab: entry point, parameters, annotations, limits, and
// (for a saved action) its environment variables, which save on their own.
import { ACTION_LIMITS } from '@brisk/core/browser';
import { EnvironmentPanel } from '@/components/ui/environment-panel';
import type { Draft, DraftProblems } from './draft';
import { KvEditor } from './kv-editor';

const LIMITS = [
  { name: 'timeout', label: 'Timeout', unit: 'ms', bounds: ACTION_LIMITS.timeoutMs },
  { name: 'memory', label: 'Memory', unit: 'MB', bounds: ACTION_LIMITS.memoryMb },
  { name: 'logs', label: 'Log size', unit: 'MB', bounds: ACTION_LIMITS.logsMb },
  { name: 'concurrency', label: 'Concurrency', unit: 'activations', bounds: ACTION_LIMITS.concurrency },
] as const;

export function ConfigPanel(props: {
  draft: Draft;
  kind: string;
  problems: DraftProblems;
  onChange: (draft: Draft) => void;
  /** The saved action's path; absent while it is being created. */
  path?: string | undefined;
}) {
  const { draft } = props;
  const set = (patch: Partial<Draft>) => props.onChange({ ...draft, ...patch });
  return (
    <div className="config">
      {props.kind !== 'sequence' && (
        <section className="panel">
          <div className="panel-head">
            <h2>Entry point</h2>
          </div>
          <div className="panel-body">
            <div className="field" style={{ maxWidth: 320 }}>
              <label htmlFor="main-name">Function name</label>
              <input id="main-name" className="input mono" placeholder="main" value={draft.main} onChange={(event) => set({ main: event.target.value })} />
              <span className="hint">The function each activation calls; main when empty.</span>
            </div>
          </div>
        </section>
      )}
      <section className="panel">
        <div className="panel-head">
          <h2>Parameters</h2>
          <span className="hint">Defaults merged under each invocation&apos;s payload</span>
        </div>
        <div className="panel-body">
          <KvEditor label="Parameters" rows={draft.parameters} onChange={(parameters) => set({ parameters })} problem={props.problems.parameters} />
        </div>
      </section>
      {props.path && props.kind !== 'sequence' && <EnvironmentPanel target={{ kind: 'action', path: props.path }} />}
      <section className="panel">
        <div className="panel-head">
          <h2>Annotations</h2>
          <span className="hint">Metadata; exec and test payloads are kept by Brisk</span>
        </div>
        <div className="panel-body">
          <KvEditor label="Annotations" rows={draft.annotations} onChange={(annotations) => set({ annotations })} problem={props.problems.annotations} />
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>Limits</h2>
        </div>
        <div className="panel-body form-grid">
          {LIMITS.map(({ name, label, unit, bounds }) => {
            const problem = props.problems.limits[name];
            return (
              <div className="field" key={name}>
                <label htmlFor={`limit-${name}`}>
                  {label} ({unit})
                </label>
                <input
                  id={`limit-${name}`}
                  className="input"
                  type="number"
                  inputMode="numeric"
                  min={bounds.min}
                  max={bounds.max}
                  value={draft.limits[name]}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={`limit-${name}-hint`}
                  onChange={(event) => set({ limits: { ...draft.limits, [name]: event.target.value } })}
                />
                <span id={`limit-${name}-hint`} className={problem ? 'field-error' : 'hint'}>
                  {problem ?? `${bounds.min.toLocaleString('en')}–${bounds.max.toLocaleString('en')}, default ${bounds.default.toLocaleString('en')}`}
                </span>
              </div>
            );
          })}
        </div>
      </section>
    </div>
  );
}
