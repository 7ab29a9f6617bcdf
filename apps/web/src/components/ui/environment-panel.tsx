'use client';
// Environment variables of an action or a package: names listed, values
// never shown once saved (the API does not return them), each replaced or
// deleted on its own. Saved at once, apart from the action's draft: they are
// not part of the action's versions.
import { envNameProblem, envValueProblem } from '@brisk/core/browser';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog, ErrorBanner, Loading } from '@/components/ui/feedback';
import { trpc } from '@/trpc/react';

export type EnvironmentTarget = { kind: 'action'; path: string } | { kind: 'package'; name: string };

function useEnvironment(target: EnvironmentTarget) {
  const utils = trpc.useUtils();
  const actionQuery = trpc.environment.action.useQuery(target.kind === 'action' ? { path: target.path } : { path: '' }, { enabled: target.kind === 'action' });
  const packageQuery = trpc.environment.package.useQuery(target.kind === 'package' ? { name: target.name } : { name: '' }, {
    enabled: target.kind === 'package',
  });
  const onSuccess = () => void utils.environment.invalidate();
  const setAction = trpc.environment.setAction.useMutation({ onSuccess });
  const setPackage = trpc.environment.setPackage.useMutation({ onSuccess });
  const query = target.kind === 'action' ? actionQuery : packageQuery;
  const mutation = target.kind === 'action' ? setAction : setPackage;
  const change = (changes: Record<string, string | null>) =>
    target.kind === 'action' ? setAction.mutateAsync({ path: target.path, changes }) : setPackage.mutateAsync({ name: target.name, changes });
  return { query, mutation, change };
}

export function EnvironmentPanel({ target }: { target: EnvironmentTarget }) {
  const { query, mutation, change } = useEnvironment(target);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [replacing, setReplacing] = useState<string>();
  const [replacement, setReplacement] = useState('');
  const [deleting, setDeleting] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const variables = query.data?.variables ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const found = envNameProblem(trimmed) ?? envValueProblem(trimmed, value);
    if (found) return setProblem(`${found.charAt(0).toUpperCase()}${found.slice(1)}.`);
    setProblem(undefined);
    await change({ [trimmed]: value }).then(
      () => {
        setName('');
        setValue('');
      },
      () => undefined,
    );
  };
  const replace = async (event: FormEvent) => {
    event.preventDefault();
    if (!replacing) return;
    const found = envValueProblem(replacing, replacement);
    if (found) return setProblem(`${found.charAt(0).toUpperCase()}${found.slice(1)}.`);
    await change({ [replacing]: replacement }).then(
      () => setReplacing(undefined),
      () => undefined,
    );
  };

  const titleId = `env-title-${target.kind}`;
  return (
    <section className="panel" aria-labelledby={titleId}>
      <div className="panel-head">
        <h2 id={titleId}>Environment</h2>
        <span className="hint">
          {target.kind === 'package' ? 'Every action of the package gets these, below its own. ' : 'Over its package’s. '}
          Encrypted; values are never shown again after saving.
        </span>
      </div>
      <div className="panel-body stack" style={{ gap: 10 }}>
        <p className="hint" style={{ margin: 0 }}>
          Read them with <code>process.env.NAME</code> or <code>os.environ[&quot;NAME&quot;]</code>; they are not parameters and are not kept in activations. A
          change applies from the next activation.
        </p>
        <ErrorBanner error={query.error ?? mutation.error} />
        {query.isLoading ? (
          <Loading label="Loading environment variables…" />
        ) : variables.length === 0 ? (
          <p className="hint" style={{ margin: 0 }}>
            No environment variables.
          </p>
        ) : (
          <table className="table" aria-label="Environment variables">
            <thead>
              <tr>
                <th>Name</th>
                <th>Value</th>
                <th>
                  <span className="visually-hidden">Change</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {variables.map((variable) => (
                <tr key={variable.name}>
                  <td className="mono">{variable.name}</td>
                  <td>
                    {replacing === variable.name ? (
                      <form className="row" style={{ gap: 6 }} onSubmit={replace}>
                        <input
                          className="input mono"
                          type="password"
                          autoComplete="off"
                          aria-label={`New value of ${variable.name}`}
                          value={replacement}
                          onChange={(event) => setReplacement(event.target.value)}
                        />
                        <button type="submit" className="btn btn-sm btn-primary" disabled={mutation.isPending}>
                          Save
                        </button>
                        <button type="button" className="btn btn-sm" onClick={() => setReplacing(undefined)}>
                          Cancel
                        </button>
                      </form>
                    ) : (
                      <span className="badge" title="The value is stored encrypted and never shown">
                        set
                      </span>
                    )}
                  </td>
                  <td style={{ textAlign: 'right' }}>
                    {replacing !== variable.name && (
                      <>
                        <button
                          type="button"
                          className="btn btn-sm"
                          aria-label={`Replace ${variable.name}`}
                          onClick={() => {
                            setReplacement('');
                            setReplacing(variable.name);
                          }}
                        >
                          Replace
                        </button>{' '}
                        <button
                          type="button"
                          className="btn btn-sm btn-danger"
                          aria-label={`Delete ${variable.name}`}
                          onClick={() => setDeleting(variable.name)}
                        >
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form className="row" style={{ gap: 8, alignItems: 'flex-end', flexWrap: 'wrap' }} onSubmit={submit} aria-label="Add an environment variable">
          <div className="field">
            <label htmlFor={`env-name-${target.kind}`}>Name</label>
            <input
              id={`env-name-${target.kind}`}
              className="input mono"
              placeholder="API_TOKEN"
              autoComplete="off"
              value={name}
              aria-invalid={problem ? true : undefined}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`env-value-${target.kind}`}>Value</label>
            <input
              id={`env-value-${target.kind}`}
              className="input mono"
              type="password"
              autoComplete="off"
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          </div>
          <button type="submit" className="btn btn-sm" disabled={mutation.isPending || name.trim() === ''}>
            {mutation.isPending && <span className="spin" />} {variables.some((variable) => variable.name === name.trim()) ? 'Replace' : 'Add'} variable
          </button>
        </form>
        {problem && (
          <p className="field-error" role="alert" style={{ margin: 0 }}>
            {problem}
          </p>
        )}
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting}?`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => void change({ [deleting]: null }).finally(() => setDeleting(undefined))}
        >
          The next activation runs without it.
        </ConfirmDialog>
      )}
    </section>
  );
}
