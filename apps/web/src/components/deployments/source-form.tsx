'use client';
// Connects a git repository, or edits a connected one: a name, its URL, the
// branch that deploys, the project's folder, an access token and the
// manifest's variables. The token and the variables' values are stored
// sealed and never shown again, so editing keeps them unless they are
// replaced (or the token removed); the webhook secret stays as it is.
import { entityNameSchema } from '@brisk/core/browser';
import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '@/components/ui/feedback';
import { NameField } from '@/components/ui/name-field';
import { trpc } from '@/trpc/react';
import type { SourceDoc } from './format';
import { parseVariables } from './variables';

type Problems = { name?: string; repository?: string; variables?: string };

type SourceFormProps = {
  onCancel: () => void;
  /** Called with the saved source (a new one carries its webhook secret). */
  onSaved: (source: SourceDoc) => void;
  /** The source being edited; without one the form connects a new repository. */
  editing?: SourceDoc;
};

export function SourceForm({ onCancel, onSaved, editing }: SourceFormProps) {
  const utils = trpc.useUtils();
  const [name, setName] = useState(editing?.name ?? '');
  const [repository, setRepository] = useState(editing?.repository ?? '');
  const [branch, setBranch] = useState(editing?.branch ?? 'main');
  const [path, setPath] = useState(editing?.path ?? '');
  const [token, setToken] = useState('');
  const [removeToken, setRemoveToken] = useState(false);
  const [variablesText, setVariablesText] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const saved = async (source: SourceDoc) => {
    await utils.deployments.sources.list.invalidate();
    onSaved(source);
  };
  const connect = trpc.deployments.sources.connect.useMutation({ onSuccess: saved });
  const update = trpc.deployments.sources.update.useMutation({ onSuccess: saved });
  const save = editing ? update : connect;
  const title = editing ? `Edit ${editing.name}` : 'Connect repository';
  const idPrefix = editing ? 'edit-source' : 'source';

  function submit(event: FormEvent) {
    event.preventDefault();
    const checkedName = entityNameSchema('source').safeParse(name.trim());
    const variables = parseVariables(variablesText);
    const found: Problems = {
      ...(checkedName.success ? {} : { name: checkedName.error.issues[0]?.message }),
      ...(repository.trim() === '' ? { repository: 'Enter the repository’s URL.' } : {}),
      ...(variables.ok ? {} : { variables: variables.problem }),
    };
    setProblems(found);
    if (Object.keys(found).length > 0 || !checkedName.success || !variables.ok) return;
    if (editing) {
      update.mutate({
        name: editing.name,
        repository: repository.trim(),
        branch: branch.trim() || 'main',
        path: path.trim(),
        ...(removeToken ? { token: null } : token ? { token } : {}),
        // Values are never shown, so an empty box keeps the stored ones.
        ...(variablesText.trim() ? { variables: variables.variables } : {}),
      });
      return;
    }
    connect.mutate({
      name: checkedName.data,
      repository: repository.trim(),
      branch: branch.trim() || 'main',
      path: path.trim(),
      ...(token ? { token } : {}),
      variables: variables.variables,
    });
  }

  const clear = (key: keyof Problems) => setProblems(({ [key]: _stale, ...rest }) => rest);

  return (
    <form className="stack" style={{ marginBottom: 14 }} aria-label={title} onSubmit={submit} noValidate>
      <section className="panel">
        <div className="panel-head">
          <h2>{title}</h2>
          <span className="hint">Each push to the branch deploys the project (manifest.yaml) in its folder</span>
        </div>
        <div className="panel-body form-grid">
          {!editing && (
            <NameField
              id="source-name"
              label="Source name"
              value={name}
              problem={problems.name}
              onChange={(value) => {
                setName(value);
                clear('name');
              }}
            />
          )}
          <div className="field" style={{ gridColumn: 'span 2' }}>
            <label htmlFor={`${idPrefix}-repository`}>Repository URL</label>
            <input
              id={`${idPrefix}-repository`}
              className="input mono"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://github.com/owner/repo.git"
              value={repository}
              onChange={(event) => {
                setRepository(event.target.value);
                clear('repository');
              }}
              aria-invalid={problems.repository ? true : undefined}
              aria-describedby={`${idPrefix}-repository-hint`}
            />
            <span id={`${idPrefix}-repository-hint`} className={problems.repository ? 'field-error' : 'hint'} role={problems.repository ? 'alert' : undefined}>
              {problems.repository ?? 'The HTTPS address git clones it from'}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${idPrefix}-branch`}>Branch</label>
            <input
              id={`${idPrefix}-branch`}
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              value={branch}
              onChange={(event) => setBranch(event.target.value)}
              aria-describedby={`${idPrefix}-branch-hint`}
            />
            <span id={`${idPrefix}-branch-hint`} className="hint">
              Pushes to other branches are ignored
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${idPrefix}-path`}>Folder</label>
            <input
              id={`${idPrefix}-path`}
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              placeholder="the repository’s root"
              value={path}
              onChange={(event) => setPath(event.target.value)}
              aria-describedby={`${idPrefix}-path-hint`}
            />
            <span id={`${idPrefix}-path-hint`} className="hint">
              Where manifest.yaml is, relative to the root
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${idPrefix}-token`}>Access token</label>
            <input
              id={`${idPrefix}-token`}
              className="input mono"
              type="password"
              autoComplete="new-password"
              value={token}
              onChange={(event) => setToken(event.target.value)}
              aria-describedby={`${idPrefix}-token-hint`}
            />
            <span id={`${idPrefix}-token-hint`} className="hint">
              {editing?.token
                ? 'A token is stored: leave this empty to keep it, or enter a new one.'
                : 'Optional: for a private repository, and to post commit statuses. Stored encrypted.'}
            </span>
            {editing?.token && (
              <label className="check">
                <input type="checkbox" checked={removeToken} onChange={(event) => setRemoveToken(event.target.checked)} />
                Remove the stored token
              </label>
            )}
          </div>
          <div className="field" style={{ gridColumn: '1 / -1' }}>
            <label htmlFor={`${idPrefix}-variables`}>Variables</label>
            <textarea
              id={`${idPrefix}-variables`}
              className="input"
              rows={4}
              spellCheck={false}
              placeholder={'API_HOST=api.example.com\nAPI_TOKEN=…'}
              value={variablesText}
              onChange={(event) => {
                setVariablesText(event.target.value);
                clear('variables');
              }}
              aria-invalid={problems.variables ? true : undefined}
              aria-describedby={`${idPrefix}-variables-hint`}
            />
            <span id={`${idPrefix}-variables-hint`} className={problems.variables ? 'field-error' : 'hint'} role={problems.variables ? 'alert' : undefined}>
              {problems.variables ??
                (editing && editing.variables.length > 0
                  ? `Stored: ${editing.variables.join(', ')}. Leave this empty to keep them, or enter every KEY=VALUE line to replace them all.`
                  : 'One KEY=VALUE a line, for the manifest’s $KEY references. Stored encrypted; only the names are shown later.')}
            </span>
          </div>
        </div>
      </section>
      <ErrorBanner error={save.error} />
      <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending && <span className="spin" />} {editing ? 'Save changes' : 'Connect repository'}
        </button>
      </div>
    </form>
  );
}
