'use client';
// Creates a package (parameters, annotations, published or not) or a binding
// to a package of one's own or a published one of another namespace. Names
// and parameters are checked with the schemas the server applies; the
// server's own message is shown when it refuses.
import { entityNameSchema, packageReferenceSchema } from '@brisk/core/browser';
import { skipToken } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useNamespace } from '@/components/shell/namespace-context';
import { ErrorBanner } from '@/components/ui/feedback';
import { NameField } from '@/components/ui/name-field';
import { trpc } from '@/trpc/react';
import { packageHref } from './hrefs';
import { checkKvRows, type KvRow } from '@/lib/kv-rows';
import { KvSection } from './kv-section';

export type PackageFormMode = 'package' | 'binding';

interface Problems {
  name?: string;
  bound?: string;
  parameters?: string;
  annotations?: string;
}

export function PackageCreateForm({ mode, onCancel }: { mode: PackageFormMode; onCancel: () => void }) {
  const namespace = useNamespace();
  const router = useRouter();
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const [bound, setBound] = useState('');
  const [publish, setPublish] = useState(false);
  const [parameters, setParameters] = useState<KvRow[]>([]);
  const [annotations, setAnnotations] = useState<KvRow[]>([]);
  const [problems, setProblems] = useState<Problems>({});
  const bindable = trpc.packages.bindable.useQuery(mode === 'binding' ? undefined : skipToken);
  const create = trpc.packages.create.useMutation({
    onSuccess: async (saved) => {
      await utils.packages.list.invalidate();
      router.push(packageHref(saved.name));
    },
  });
  const isBinding = mode === 'binding';
  const candidates = (bindable.data ?? []).filter((doc) => !doc.binding).map((doc) => `/${doc.namespace}/${doc.name}`);

  function submit(event: FormEvent) {
    event.preventDefault();
    const checkedName = entityNameSchema('package').safeParse(name.trim());
    const checkedBound = isBinding ? packageReferenceSchema(namespace).safeParse(bound) : undefined;
    const checkedParameters = checkKvRows(parameters, 'Parameter');
    const checkedAnnotations = checkKvRows(annotations, 'Annotation');
    const found: Problems = {
      ...(checkedName.success ? {} : { name: checkedName.error.issues[0]?.message }),
      ...(checkedBound && !checkedBound.success ? { bound: checkedBound.error.issues[0]?.message } : {}),
      ...(checkedParameters.problem ? { parameters: checkedParameters.problem } : {}),
      ...(checkedAnnotations.problem ? { annotations: checkedAnnotations.problem } : {}),
    };
    setProblems(found);
    if (Object.keys(found).length > 0 || !checkedName.success) return;
    create.mutate({
      name: checkedName.data,
      parameters: checkedParameters.entries,
      annotations: checkedAnnotations.entries,
      ...(checkedBound?.success ? { binding: checkedBound.data } : { publish }),
    });
  }

  const title = isBinding ? 'New binding' : 'New package';
  return (
    <form className="stack" style={{ marginBottom: 14 }} aria-label={title} onSubmit={submit} noValidate>
      <section className="panel">
        <div className="panel-head">
          <h2>{title}</h2>
          <span className="hint">
            {isBinding
              ? 'Reuses a package’s actions under a new name, with parameters of its own over the package’s'
              : 'Groups actions; its parameters are defaults for every action in it'}
          </span>
        </div>
        <div className="panel-body form-grid">
          <NameField
            id="package-name"
            label={isBinding ? 'Binding name' : 'Package name'}
            value={name}
            problem={problems.name}
            onChange={(value) => {
              setName(value);
              setProblems(({ name: _stale, ...rest }) => rest);
            }}
          />
          {isBinding ? (
            <div className="field">
              <label htmlFor="bound-package">Bound package</label>
              <input
                id="bound-package"
                className="input mono"
                list="bindable-packages"
                placeholder="/namespace/package"
                value={bound}
                onChange={(event) => {
                  setBound(event.target.value);
                  setProblems(({ bound: _stale, ...rest }) => rest);
                }}
                aria-invalid={problems.bound ? true : undefined}
                aria-describedby="bound-package-hint"
              />
              <datalist id="bindable-packages">
                {candidates.map((candidate) => (
                  <option key={candidate} value={candidate} />
                ))}
              </datalist>
              <span id="bound-package-hint" className={problems.bound ? 'field-error' : 'hint'} role={problems.bound ? 'alert' : undefined}>
                {problems.bound ?? 'A package of yours, or one another namespace published'}
              </span>
            </div>
          ) : (
            <div className="field">
              <span className="label">Sharing</span>
              <label className="check">
                <input type="checkbox" checked={publish} onChange={(event) => setPublish(event.target.checked)} /> Publish: other namespaces may bind it and
                invoke its actions
              </label>
            </div>
          )}
        </div>
      </section>
      <KvSection
        title="Parameters"
        hint={isBinding ? 'Override the bound package’s parameters' : 'Defaults merged under each invocation’s payload'}
        rows={parameters}
        onChange={setParameters}
        problem={problems.parameters}
      />
      <KvSection
        title="Annotations"
        hint="Metadata, as wsk package create -a sets it"
        rows={annotations}
        onChange={setAnnotations}
        problem={problems.annotations}
      />
      <ErrorBanner error={create.error} />
      <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending && <span className="spin" />} {isBinding ? 'Create binding' : 'Create package'}
        </button>
      </div>
    </form>
  );
}
