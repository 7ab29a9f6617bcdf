'use client';
// The Test side of the editor: a JSON payload (named ones saved per action),
// Run, and the outcome: result, duration, cold or warm, and the logs as they
// are written. Runs are non-blocking invokes followed over SSE.
import type { TestPayload } from '@brisk/core';
import { testPayloadSchema } from '@brisk/core/browser';
import { skipToken } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { CodeEditor } from '@/components/code/code-editor';
import { Waterfall } from '@/components/activations/waterfall';
import { ErrorBanner } from '@/components/ui/feedback';
import { IconPlay } from '@/components/ui/icons';
import { JsonView } from '@/components/ui/json-view';
import { LogView } from '@/components/ui/log-view';
import { StartBadge, StatusBadge } from '@/components/ui/status-badge';
import { parseJsonObject } from '@/lib/forms';
import { annotationValue, formatDuration } from '@/lib/format';
import { EXAMPLE_PAYLOAD } from '@/lib/templates';
import { errorMessage, trpc, type RouterOutputs } from '@/trpc/react';

type ActivationRecord = RouterOutputs['activations']['get']['record'];

interface RunState {
  activationId?: string;
  phase: 'starting' | 'running' | 'done' | 'failed' | 'gave-up';
  lines: string[];
  record?: ActivationRecord;
  error?: string;
  startedAt: number;
}

export function RunPanel(props: {
  path: string;
  kind: string;
  testPayloads: TestPayload[];
  dirty: boolean;
  /** Saves the editor's changes; false when they could not be saved. */
  onSave: () => Promise<boolean>;
}) {
  const utils = trpc.useUtils();
  const [payloadText, setPayloadText] = useState(EXAMPLE_PAYLOAD);
  const [payloadRevision, setPayloadRevision] = useState(0);
  const [payloadProblem, setPayloadProblem] = useState<string>();
  const [selected, setSelected] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const [run, setRun] = useState<RunState>();
  const [now, setNow] = useState(Date.now());

  const invoke = trpc.actions.invoke.useMutation();
  const savePayload = trpc.testPayloads.save.useMutation({
    onSuccess: async (_data, input) => {
      setSelected(input.testPayload.name);
      setNaming(null);
      await Promise.all([utils.actions.get.invalidate({ path: props.path }), utils.versions.list.invalidate({ path: props.path })]);
    },
  });
  const removePayload = trpc.testPayloads.remove.useMutation({
    onSuccess: async () => {
      setSelected('');
      await Promise.all([utils.actions.get.invalidate({ path: props.path }), utils.versions.list.invalidate({ path: props.path })]);
    },
  });

  const following = run?.phase === 'running' && run.activationId ? { activationId: run.activationId } : skipToken;
  trpc.activations.follow.useSubscription(following, {
    onData({ data: event }) {
      setRun((current) => {
        if (current?.phase !== 'running') return current;
        if (event.type === 'log') return { ...current, lines: [...current.lines, event.line] };
        if (event.type === 'done') return { ...current, phase: 'done', record: event.record, lines: event.record.logs };
        return { ...current, phase: 'gave-up' };
      });
    },
    onError(error) {
      setRun((current) => (current ? { ...current, phase: 'failed', error: errorMessage(error) } : current));
    },
  });

  const isSequence = props.kind === 'sequence';
  const done = run?.phase === 'done' && run.activationId ? run.activationId : undefined;
  const components = trpc.activations.get.useQuery(done && isSequence ? { activationId: done } : skipToken);

  const busy = run?.phase === 'starting' || run?.phase === 'running';
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [busy]);

  async function start() {
    const parsed = parseJsonObject(payloadText, 'payload');
    if (!parsed.ok) {
      setPayloadProblem(parsed.message);
      return;
    }
    setPayloadProblem(undefined);
    if (props.dirty && !(await props.onSave())) return;
    setRun({ phase: 'starting', lines: [], startedAt: Date.now() });
    try {
      const { activationId } = await invoke.mutateAsync({ path: props.path, params: parsed.value });
      setRun((current) => (current ? { ...current, activationId, phase: 'running' } : current));
    } catch (error) {
      setRun({ phase: 'failed', lines: [], error: errorMessage(error), startedAt: Date.now() });
    }
  }

  const startRef = useRef(start);
  startRef.current = start;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        // Before Monaco sees it (it would insert a line).
        event.preventDefault();
        event.stopPropagation();
        void startRef.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  function choose(name: string) {
    setSelected(name);
    const found = props.testPayloads.find((entry) => entry.name === name);
    if (found) {
      setPayloadText(`${JSON.stringify(found.payload, null, 2)}\n`);
      setPayloadRevision((value) => value + 1);
    }
  }

  function saveAs(name: string) {
    const payload = parseJsonObject(payloadText, 'payload');
    if (!payload.ok) {
      setPayloadProblem(payload.message);
      return;
    }
    const checked = testPayloadSchema.safeParse({ name, payload: payload.value });
    if (!checked.success) {
      setPayloadProblem(checked.error.issues[0]?.message);
      return;
    }
    setPayloadProblem(undefined);
    savePayload.mutate({ path: props.path, testPayload: checked.data });
  }

  const record = run?.record;
  const annotations = record?.annotations ?? [];
  const initTime = annotationValue(annotations, 'initTime');
  const waitTime = annotationValue(annotations, 'waitTime');

  return (
    <aside className="ide-side" aria-label="Test">
      <section className="side-section">
        <div className="section-title">
          <h2>Test payload</h2>
          <select
            className="select"
            aria-label="Saved payloads"
            value={selected}
            onChange={(event) => choose(event.target.value)}
            style={{ height: 26, maxWidth: 170 }}
          >
            <option value="">{props.testPayloads.length ? 'Saved payloads…' : 'No saved payloads'}</option>
            {props.testPayloads.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </div>
        <div className="code-frame" style={{ height: 150 }}>
          <CodeEditor
            value={payloadText}
            revision={payloadRevision}
            onChange={setPayloadText}
            language="json"
            path={`payload/${props.path}.json`}
            ariaLabel="Payload editor"
            minimal
          />
        </div>
        {payloadProblem && (
          <p className="field-error" role="alert" style={{ margin: '6px 0 0' }}>
            {payloadProblem}
          </p>
        )}
        <ErrorBanner error={savePayload.error ?? removePayload.error} />
        <div className="toolbar" style={{ marginTop: 8 }}>
          <button
            type="button"
            className="btn btn-primary"
            aria-label={props.dirty ? 'Save and run' : 'Run'}
            aria-keyshortcuts="Control+Enter Meta+Enter"
            onClick={() => void start()}
            disabled={busy}
          >
            {busy ? <span className="spin" /> : <IconPlay />}
            {props.dirty ? 'Save & run' : 'Run'} <kbd>Ctrl ↵</kbd>
          </button>
          <span style={{ flex: 1 }} />
          {naming === null ? (
            <>
              <button type="button" className="btn btn-sm" onClick={() => setNaming(selected)}>
                Save payload…
              </button>
              {selected && (
                <button
                  type="button"
                  className="btn btn-sm btn-danger"
                  onClick={() => removePayload.mutate({ path: props.path, name: selected })}
                  disabled={removePayload.isPending}
                >
                  Delete
                </button>
              )}
            </>
          ) : (
            <form
              aria-label="Save test payload"
              className="toolbar"
              onSubmit={(event) => {
                event.preventDefault();
                saveAs(naming);
              }}
            >
              <input
                className="input"
                style={{ height: 26, width: 130 }}
                aria-label="Payload name"
                placeholder="name"
                value={naming}
                onChange={(event) => setNaming(event.target.value)}
                // biome-ignore lint/a11y/noAutofocus: the payload-name field appears because the user asked to save a payload; typing the name is next
                autoFocus
              />
              <button type="submit" className="btn btn-sm btn-primary" disabled={savePayload.isPending}>
                Save
              </button>
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => setNaming(null)}>
                Cancel
              </button>
            </form>
          )}
        </div>
        {props.dirty && (
          <p className="hint" style={{ margin: '6px 0 0' }}>
            Unsaved changes are saved as a new version before the run.
          </p>
        )}
      </section>

      <section className="side-section" aria-label="Run output" style={{ borderBottom: 0 }}>
        <div className="section-title">
          <h2>Output</h2>
          {run?.activationId && (
            <Link href={`/activations/${run.activationId}`} className="mono" style={{ fontSize: 11 }}>
              {run.activationId.slice(0, 12)}… →
            </Link>
          )}
        </div>
        {!run && <p className="hint">Run the action to see its result and logs here.</p>}
        {run?.error && <ErrorBanner error={new Error(run.error)} />}
        {run && !run.error && (
          <>
            <div className="toolbar">
              {record ? <StatusBadge statusCode={record.response.statusCode} /> : <StatusBadge statusCode={0} pending />}
              {!record && (
                <span className="hint">{run.phase === 'gave-up' ? 'Still running; see Activations later.' : `${formatDuration(now - run.startedAt)}…`}</span>
              )}
            </div>
            {record && (
              <div className="metrics" role="group" aria-label="Run metrics">
                <div className="metric">
                  <div className="k">Duration</div>
                  <div className="v" data-testid="run-duration">
                    {formatDuration(record.duration)}
                  </div>
                </div>
                <div className="metric">
                  <div className="k">Start</div>
                  <div className="v">{isSequence ? <span className="faint">—</span> : <StartBadge cold={typeof initTime === 'number'} />}</div>
                </div>
                <div className="metric">
                  <div className="k">Init</div>
                  <div className="v">{typeof initTime === 'number' ? formatDuration(initTime) : '—'}</div>
                </div>
                <div className="metric">
                  <div className="k">Wait</div>
                  <div className="v">{typeof waitTime === 'number' ? formatDuration(waitTime) : '—'}</div>
                </div>
              </div>
            )}
            {record && (
              <>
                <h3 className="label" style={{ margin: '10px 0 4px' }}>
                  Result
                </h3>
                <JsonView value={record.response.result ?? {}} label="Result" maxHeight={240} />
              </>
            )}
            {isSequence && record && (
              <>
                <h3 className="label" style={{ margin: '12px 0 6px' }}>
                  Components
                </h3>
                {components.data ? <Waterfall rows={components.data.caused} span={{ start: record.start, end: record.end }} /> : <span className="spin" />}
              </>
            )}
            <h3 className="label" style={{ margin: '12px 0 4px', display: 'flex', alignItems: 'center', gap: 6 }}>
              Logs {run.phase === 'running' && <span className="live-dot" title="Streaming" />}
            </h3>
            <LogView
              lines={run.lines}
              live={run.phase === 'running'}
              emptyText={run.phase === 'running' ? 'Waiting for output…' : 'No log output.'}
              maxHeight={300}
            />
          </>
        )}
      </section>
    </aside>
  );
}
