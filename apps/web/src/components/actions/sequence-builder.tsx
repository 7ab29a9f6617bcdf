'use client';
// A sequence's components: existing actions, in order. The output of each is
// the input of the next.
import Link from 'next/link';
import { useState } from 'react';
import { IconDown, IconPlus, IconUp, IconX } from '@/components/ui/icons';
import { actionHref } from '@/lib/format';
import { trpc } from '@/trpc/react';

/** "/ns/pkg/name" -> "pkg/name" for the signed-in namespace. */
function shortName(component: string): string {
  return component.startsWith('/') ? component.split('/').slice(2).join('/') : component;
}

export function SequenceBuilder(props: { namespace: string; self?: string; components: string[]; onChange: (components: string[]) => void; problem?: string }) {
  const actions = trpc.actions.list.useQuery({});
  const [choice, setChoice] = useState('');
  const options = (actions.data?.items ?? []).filter((item) => item.path !== props.self);
  const move = (from: number, to: number) => {
    const next = [...props.components];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    props.onChange(next);
  };

  return (
    <div style={{ padding: 16, overflow: 'auto', flex: 1, background: 'var(--bg)' }}>
      <div className="panel" style={{ maxWidth: 720 }}>
        <div className="panel-head">
          <h2>Components</h2>
          <span className="hint">Run in order; each one&apos;s result is the next one&apos;s input</span>
        </div>
        <div className="panel-body">
          {props.components.length === 0 ? (
            <p className="hint" style={{ marginTop: 0 }}>
              No actions yet: add the first one below.
            </p>
          ) : (
            <ol className="components" aria-label="Sequence components">
              {props.components.map((component, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a sequence may name one action twice; a step is its position
                <li key={`${component}-${index}`} className="component" aria-label={`Step ${index + 1}: ${shortName(component)}`}>
                  <span className="step">{index + 1}</span>
                  <span className="name">
                    <Link href={actionHref(shortName(component))}>{shortName(component)}</Link>
                  </span>
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Move ${shortName(component)} up`}
                    disabled={index === 0}
                    onClick={() => move(index, index - 1)}
                  >
                    <IconUp />
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Move ${shortName(component)} down`}
                    disabled={index === props.components.length - 1}
                    onClick={() => move(index, index + 1)}
                  >
                    <IconDown />
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Remove ${shortName(component)}`}
                    onClick={() => props.onChange(props.components.filter((_, i) => i !== index))}
                  >
                    <IconX />
                  </button>
                </li>
              ))}
            </ol>
          )}
          {props.problem && (
            <p className="field-error" role="alert">
              {props.problem}
            </p>
          )}
          <form
            className="toolbar"
            style={{ marginTop: 12 }}
            onSubmit={(event) => {
              event.preventDefault();
              if (!choice) return;
              props.onChange([...props.components, `/${props.namespace}/${choice}`]);
              setChoice('');
            }}
          >
            <select className="select" aria-label="Action to add" value={choice} onChange={(event) => setChoice(event.target.value)} style={{ minWidth: 260 }}>
              <option value="">{actions.isLoading ? 'Loading actions…' : 'Choose an action…'}</option>
              {options.map((item) => (
                <option key={item.path} value={item.path}>
                  {item.path} ({item.kind})
                </option>
              ))}
            </select>
            <button type="submit" className="btn" disabled={!choice}>
              <IconPlus /> Add step
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}
