'use client';
// One package or binding: its settings (publish, parameters, annotations),
// the actions it holds with links to their editor, and delete.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useNamespace } from '@/components/shell/namespace-context';
import { ErrorBanner, Loading } from '@/components/ui/feedback';
import { EntityNotFound } from '@/components/shell/entity-not-found';
import { isNotFoundError } from '@/components/ui/not-found-panel';
import { JsonView } from '@/components/ui/json-view';
import { actionHref } from '@/lib/format';
import { EntityHead } from '@/components/ui/entity-head';
import { useEntityDraft, useFlashNotice } from '@/components/ui/use-entity-draft';
import { trpc, type RouterOutputs } from '@/trpc/react';
import { DeletePackageDialog } from './delete-package-dialog';
import { packageHref } from './hrefs';
import { checkKvRows, kvRowsOf, sameRows, type KvRow } from '@/lib/kv-rows';
import { EnvironmentPanel } from '@/components/ui/environment-panel';
import { KvSection } from './kv-section';

type Detail = RouterOutputs['packages']['get'];

/** Set by the server on a binding; saving keeps it. */
const MANAGED = ['binding'];

interface Draft {
  publish: boolean;
  parameters: KvRow[];
  annotations: KvRow[];
}

function draftOf(doc: Detail['package']): Draft {
  return { publish: doc.publish, parameters: kvRowsOf(doc.parameters), annotations: kvRowsOf(doc.annotations, MANAGED) };
}

const same = (a: Draft, b: Draft) => a.publish === b.publish && sameRows(a.parameters, b.parameters) && sameRows(a.annotations, b.annotations);

export function PackageDetail({ name }: { name: string }) {
  const namespace = useNamespace();
  const router = useRouter();
  const utils = trpc.useUtils();
  const query = trpc.packages.get.useQuery({ name });
  const edit = useEntityDraft(query.data?.package, draftOf, same);
  const { draft, setDraft, dirty } = edit;
  const [notice, setNotice] = useFlashNotice();
  const [problems, setProblems] = useState<{ parameters?: string; annotations?: string }>({});
  const [deleting, setDeleting] = useState(false);
  const save = trpc.packages.update.useMutation({
    onSuccess: async (saved) => {
      // What was saved becomes the base (the server's form of it: trimmed keys, parsed values).
      edit.saved(saved);
      setNotice(`Saved version ${saved.version}`);
      await Promise.all([utils.packages.get.invalidate({ name }), utils.packages.list.invalidate()]);
    },
  });

  // Fresh data replaces the draft unless it holds edits of its own.
  const detail = query.data;
  if (query.isLoading) return <Loading label="Loading package…" />;
  if (isNotFoundError(query.error)) return <EntityNotFound kind="package" name={name} />;
  if (query.error || !detail || !draft) {
    return (
      <div className="page">
        <ErrorBanner error={query.error ?? new Error(`The package ${name} does not exist.`)} />
      </div>
    );
  }

  const doc = detail.package;
  const binding = 'name' in doc.binding ? doc.binding : undefined;
  const boundHere = binding?.namespace === namespace;
  // A binding's actions are the bound package's: edit them there (when it is one's own).
  const actionPackage = binding ? (boundHere ? binding.name : undefined) : doc.name;
  // Feeds are actions too (annotated `feed`); the API lists them apart.
  const entries = [...detail.actions.map((entry) => ({ ...entry, feed: false })), ...detail.feeds.map((entry) => ({ ...entry, feed: true }))];

  function submit() {
    if (!draft) return;
    const parameters = checkKvRows(draft.parameters, 'Parameter');
    const annotations = checkKvRows(draft.annotations, 'Annotation');
    setProblems({ ...(parameters.problem ? { parameters: parameters.problem } : {}), ...(annotations.problem ? { annotations: annotations.problem } : {}) });
    if (parameters.problem || annotations.problem) return;
    save.mutate({ name, parameters: parameters.entries, annotations: annotations.entries, ...(binding ? {} : { publish: draft.publish }) });
  }

  return (
    <div className="page">
      <EntityHead
        name={doc.name}
        version={doc.version}
        dirty={dirty}
        notice={notice}
        saving={save.isPending}
        onSave={submit}
        onDelete={() => setDeleting(true)}
      >
        {binding ? <span className="badge info">binding</span> : <span className="badge">package</span>}
        {!binding && doc.publish && <span className="badge ok">published</span>}
      </EntityHead>
      {binding && (
        <div className="banner info" style={{ marginBottom: 12 }}>
          <span>
            Bound to{' '}
            {boundHere ? (
              <Link className="mono" href={packageHref(binding.name)}>
                /{binding.namespace}/{binding.name}
              </Link>
            ) : (
              <span className="mono">
                /{binding.namespace}/{binding.name}
              </span>
            )}
            : its actions run as <span className="mono">{doc.name}/&lt;action&gt;</span> with this binding&apos;s parameters over the package&apos;s.
          </span>
        </div>
      )}
      {detail.bindingProblem && (
        <div className="banner warn" role="alert" style={{ marginBottom: 12 }}>
          {detail.bindingProblem}
        </div>
      )}
      <ErrorBanner error={save.error} />

      <div className="grid-2" style={{ alignItems: 'start', marginTop: save.error ? 12 : 0 }}>
        <div className="stack">
          {!binding && (
            <section className="panel" aria-label="Sharing">
              <div className="panel-head">
                <h2>Sharing</h2>
              </div>
              <div className="panel-body">
                <label className="check">
                  <input type="checkbox" checked={draft.publish} onChange={(event) => setDraft({ ...draft, publish: event.target.checked })} /> Publish: other
                  namespaces may bind this package and invoke its actions
                </label>
              </div>
            </section>
          )}
          <KvSection
            title="Parameters"
            hint={binding ? 'Override the bound package’s parameters' : 'Defaults for every action in the package'}
            rows={draft.parameters}
            onChange={(parameters) => setDraft({ ...draft, parameters })}
            problem={problems.parameters}
          />
          {!binding && <EnvironmentPanel target={{ kind: 'package', name: doc.name }} />}
          <KvSection
            title="Annotations"
            hint="Metadata"
            rows={draft.annotations}
            onChange={(annotations) => setDraft({ ...draft, annotations })}
            problem={problems.annotations}
          />
        </div>
        <div className="stack">
          <section className="panel" aria-label="Actions in the package">
            <div className="panel-head">
              <h2>Actions</h2>
              <span className="count">{entries.length}</span>
              {!binding && (
                <Link className="btn btn-sm" href={`/actions/new?package=${encodeURIComponent(doc.name)}`}>
                  New action
                </Link>
              )}
            </div>
            {entries.length === 0 ? (
              <p className="hint" style={{ padding: '0 12px' }}>
                {binding ? 'The bound package holds no actions.' : `No actions yet: create one named ${doc.name}/<name> in Actions.`}
              </p>
            ) : (
              <table className="table" aria-label="Actions">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Version</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.name}>
                      <td>
                        {actionPackage ? (
                          <Link className="cell-link mono" href={actionHref(`${actionPackage}/${entry.name}`)}>
                            {entry.name}
                          </Link>
                        ) : (
                          <span className="mono">{entry.name}</span>
                        )}{' '}
                        {entry.feed && <span className="badge info">feed</span>}
                      </td>
                      <td className="mono">{entry.version}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {binding && (
            <section className="panel" aria-label="Parameters its actions get">
              <div className="panel-head">
                <h2>Parameters its actions get</h2>
                <span className="hint">package &lt; binding, as saved</span>
              </div>
              <div className="panel-body">
                <JsonView
                  value={Object.fromEntries(detail.effectiveParameters.map((entry) => [entry.key, entry.value]))}
                  label="Merged parameters"
                  maxHeight={240}
                />
              </div>
            </section>
          )}
        </div>
      </div>

      {deleting && (
        <DeletePackageDialog
          name={doc.name}
          isBinding={!!binding}
          actionCount={entries.length}
          onCancel={() => setDeleting(false)}
          onDeleted={() => {
            // Bindings to it now reach nothing; its actions are gone.
            void utils.packages.invalidate();
            void utils.actions.list.invalidate();
            router.push('/packages');
          }}
        />
      )}
    </div>
  );
}
