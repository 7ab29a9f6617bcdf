'use client';
// Creates a trigger: a name, parameters (defaults under every event's
// payload) and annotations, checked with the schemas the server applies.
import { entityNameSchema } from '@brisk/core/browser';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { triggerHref } from '@/components/packages/hrefs';
import { checkKvRows, type KvRow } from '@/lib/kv-rows';
import { KvSection } from '@/components/packages/kv-section';
import { ErrorBanner } from '@/components/ui/feedback';
import { NameField } from '@/components/ui/name-field';
import { trpc } from '@/trpc/react';

export function TriggerCreateForm({ onCancel }: { onCancel: () => void }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const [parameters, setParameters] = useState<KvRow[]>([]);
  const [annotations, setAnnotations] = useState<KvRow[]>([]);
  const [problems, setProblems] = useState<{ name?: string; parameters?: string; annotations?: string }>({});
  const create = trpc.triggers.create.useMutation({
    onSuccess: async (saved) => {
      await utils.triggers.list.invalidate();
      router.push(triggerHref(saved.name));
    },
  });

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
    create.mutate({ name: checkedName.data, parameters: checkedParameters.entries, annotations: checkedAnnotations.entries });
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
      <KvSection
        title="Parameters"
        hint="Defaults merged under each event’s payload"
        rows={parameters}
        onChange={setParameters}
        problem={problems.parameters}
      />
      <KvSection title="Annotations" hint="Metadata; feed names a feed action" rows={annotations} onChange={setAnnotations} problem={problems.annotations} />
      <ErrorBanner error={create.error} />
      <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending && <span className="spin" />} Create trigger
        </button>
      </div>
    </form>
  );
}
