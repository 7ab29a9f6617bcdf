'use client';
// Fires the trigger with a JSON payload typed in the same Monaco JSON editor
// the action run panel uses, and says what happened: the trigger activation,
// or that no rule was active (the API's 204, when nothing is recorded).
import Link from 'next/link';
import { useState } from 'react';
import { CodeEditor } from '@/components/code/code-editor';
import { ErrorBanner } from '@/components/ui/feedback';
import { IconBolt } from '@/components/ui/icons';
import { parseJsonObject } from '@/lib/forms';
import { EXAMPLE_PAYLOAD } from '@/lib/templates';
import { trpc, type RouterOutputs } from '@/trpc/react';

type Outcome = RouterOutputs['triggers']['fire'];

export function FirePanel({ name }: { name: string }) {
  const utils = trpc.useUtils();
  const [payloadText, setPayloadText] = useState(EXAMPLE_PAYLOAD);
  const [problem, setProblem] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const fire = trpc.triggers.fire.useMutation({
    onSuccess: async (result) => {
      setOutcome(result);
      await utils.triggers.firings.invalidate({ name });
    },
  });

  function start() {
    const parsed = parseJsonObject(payloadText, 'payload');
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    setProblem(undefined);
    setOutcome(undefined);
    fire.mutate({ name, payload: parsed.value });
  }

  return (
    <section className="panel" aria-label="Fire">
      <div className="panel-head">
        <h2>Fire</h2>
        <span className="hint">The payload is merged over the trigger&apos;s parameters</span>
      </div>
      <div className="panel-body">
        <div className="code-frame" style={{ height: 150 }}>
          <CodeEditor value={payloadText} onChange={setPayloadText} language="json" path={`trigger-payload/${name}.json`} ariaLabel="Payload editor" minimal />
        </div>
        {problem && (
          <p className="field-error" role="alert" style={{ margin: '6px 0 0' }}>
            {problem}
          </p>
        )}
        <div className="toolbar" style={{ marginTop: 8 }}>
          <button type="button" className="btn btn-primary" onClick={start} disabled={fire.isPending}>
            {fire.isPending ? <span className="spin" /> : <IconBolt />} Fire
          </button>
          <div role="status" className="toolbar" style={{ flex: 1, minWidth: 0 }}>
            {outcome?.fired === true && (
              <>
                <span className="badge ok">fired</span>
                <span>
                  Trigger activation{' '}
                  <Link className="mono" href={`/activations/${outcome.activationId}`}>
                    {outcome.activationId}
                  </Link>
                </span>
              </>
            )}
            {outcome?.fired === false && (
              <>
                <span className="badge warn">no active rule</span>
                <span className="subtle">No active rule: nothing ran and nothing was recorded (the API answers 204).</span>
              </>
            )}
          </div>
        </div>
        <ErrorBanner error={fire.error} />
      </div>
    </section>
  );
}
