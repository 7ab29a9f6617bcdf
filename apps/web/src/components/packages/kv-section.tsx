'use client';
// A panel holding one key-value list (parameters or annotations), the way
// the action configuration tab shows them.
import { KvEditor } from '@/components/actions/kv-editor';
import type { KvRow } from '@/lib/kv-rows';

export function KvSection(props: {
  title: 'Parameters' | 'Annotations';
  hint: string;
  rows: KvRow[];
  onChange: (rows: KvRow[]) => void;
  problem?: string | undefined;
}) {
  return (
    <section className="panel" aria-label={props.title}>
      <div className="panel-head">
        <h2>{props.title}</h2>
        <span className="hint">{props.hint}</span>
      </div>
      <div className="panel-body">
        <KvEditor label={props.title} rows={props.rows} onChange={props.onChange} {...(props.problem ? { problem: props.problem } : {})} />
      </div>
    </section>
  );
}
