'use client';
// Creates a trigger: a name, what fires it (nothing but callers, or an
// alarm), parameters (defaults under every event's payload) and annotations,
// checked with the schemas the server applies.
import { entityNameSchema } from '@brisk/core/browser';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { triggerHref } from '@/components/packages/hrefs';
import { checkKvRows, type KvRow } from '@/lib/kv-rows';
import { KvSection } from '@/components/packages/kv-section';
import { ErrorBanner } from '@/components/ui/feedback';
import { NameField } from '@/components/ui/name-field';
import { trpc } from '@/trpc/react';
import { AlarmFields, alarmParams, EMPTY_ALARM, type AlarmDraft } from './alarm-fields';

export function TriggerCreateForm({ onCancel }: { onCancel: () => void }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const [parameters, setParameters] = useState<KvRow[]>([]);
  const [annotations, setAnnotations] = useState<KvRow[]>([]);
  const [alarm, setAlarm] = useState<AlarmDraft>(EMPTY_ALARM);
  const [problems, setProblems] = useState<{ name?: string; parameters?: string; annotations?: string }>({});
  const onSuccess = async (saved: { name: string }) => {
    await utils.triggers.list.invalidate();
    router.push(triggerHref(saved.name));
  };
  const create = trpc.triggers.create.useMutation({ onSuccess });
  const createWithAlarm = trpc.triggers.createWithAlarm.useMutation({ onSuccess });
  const pending = create.isPending || createWithAlarm.isPending;

  function submit(event: FormEvent) {
    event.preventDefault();
    const checkedName = entityNameSchema('trigger').safeParse(name.trim());
    const checkedParameters = checkKvRows(parameters, 'Parameter');
    const checkedAnnotations = checkKvRows(annotations, 'Annotation');
    const found = {
      ...(checkedName.success ? {} : { name: checkedName.error.issues[0]?.message }),
      ...(checkedParameters.problem ? { parameters: checkedParameters.problem } : {}),
      ...(checkedAnnotations.problem ? { annotations: checkedAnnotations.problem } : {}),
    };
    setProblems(found);
    if (Object.keys(found).length > 0 || !checkedName.success) return;
    const trigger = { name: checkedName.data, parameters: checkedParameters.entries, annotations: checkedAnnotations.entries };
    if (alarm.kind === 'none') create.mutate(trigger);
    else createWithAlarm.mutate({ ...trigger, feed: alarm.kind, params: alarmParams(alarm) });
  }

  return (
    <form className="stack" style={{ marginBottom: 14 }} aria-label="New trigger" onSubmit={submit} noValidate>
      <section className="panel">
        <div className="panel-head">
          <h2>New trigger</h2>
          <span className="hint">Fire it with a payload; its active rules run their actions with it</span>
        </div>
        <div className="panel-body form-grid">
          <NameField
            id="trigger-name"
            label={'Trigger name'}
            value={name}
            problem={problems.name}
            onChange={(value) => {
              setName(value);
              setProblems(({ name: _stale, ...rest }) => rest);
            }}
          />
        </div>
      </section>
      <AlarmFields draft={alarm} onChange={setAlarm} />
      <KvSection
        title="Parameters"
        hint="Defaults merged under each event’s payload"
        rows={parameters}
        onChange={setParameters}
        problem={problems.parameters}
      />
      <KvSection title="Annotations" hint="Metadata; an alarm adds feed" rows={annotations} onChange={setAnnotations} problem={problems.annotations} />
      <ErrorBanner error={create.error ?? createWithAlarm.error} />
      <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending && <span className="spin" />} Create trigger
        </button>
      </div>
    </form>
  );
}
