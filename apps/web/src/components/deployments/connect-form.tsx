'use client';
// Connects a git repository: a name, its URL, the branch that deploys, the
// project's folder, an access token and the manifest's variables. The token
// and the variables' values are stored sealed and never shown again.
import { entityNameSchema } from '@brisk/core/browser';
import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '@/components/ui/feedback';
import { NameField } from '@/components/ui/name-field';
import { trpc } from '@/trpc/react';
import type { SourceDoc } from './format';
import { parseVariables } from './variables';

type Problems = { name?: string; repository?: string; variables?: string };

export function ConnectForm({ onCancel, onConnected }: { onCancel: () => void; onConnected: (source: SourceDoc) => void }) {
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const [repository, setRepository] = useState('');
  const [branch, setBranch] = useState('main');
  const [path, setPath] = useState('');
  const [token, setToken] = useState('');
  const [variablesText, setVariablesText] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const connect = trpc.deployments.sources.connect.useMutation({
    onSuccess: async (source) => {
      await utils.deployments.sources.list.invalidate();
      onConnected(source);
    },
  });

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
    <form className="stack" style={{ marginBottom: 14 }} aria-label="Connect repository" onSubmit={submit} noValidate>
      <section className="panel">
        <div className="panel-head">
          <h2>Connect repository</h2>
          <span className="hint">Each push to the branch deploys the project (manifest.yaml) in its folder</span>
        </div>
        <div className="panel-body form-grid">
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
          <div className="field" style={{ gridColumn: 'span 2' }}>
            <label htmlFor="source-repository">Repository URL</label>
            <input
              id="source-repository"
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
              aria-describedby="source-repository-hint"
            />
            <span id="source-repository-hint" className={problems.repository ? 'field-error' : 'hint'} role={problems.repository ? 'alert' : undefined}>
              {problems.repository ?? 'The HTTPS address git clones it from'}
            </span>
          </div>
          <div className="field">
            <label htmlFor="source-branch">Branch</label>
            <input
              id="source-branch"
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              value={branch}
              onChange={(event) => setBranch(event.target.value)}
              aria-describedby="source-branch-hint"
            />
            <span id="source-branch-hint" className="hint">
              Pushes to other branches are ignored
            </span>
          </div>
          <div className="field">
            <label htmlFor="source-path">Folder</label>
            <input
              id="source-path"
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              placeholder="the repository’s root"
              value={path}
              onChange={(event) => setPath(event.target.value)}
              aria-describedby="source-path-hint"
            />
            <span id="source-path-hint" className="hint">
              Where manifest.yaml is, relative to the root
            </span>
          </div>
          <div className="field">
            <label htmlFor="source-token">Access token</label>
            <input
              id="source-token"
              className="input mono"
              type="password"
              autoComplete="new-password"
              value={token}
              onChange={(event) => setToken(event.target.value)}
              aria-describedby="source-token-hint"
            />
            <span id="source-token-hint" className="hint">
              Optional: for a private repository, and to post commit statuses. Stored encrypted.
            </span>
          </div>
          <div className="field" style={{ gridColumn: '1 / -1' }}>
            <label htmlFor="source-variables">Variables</label>
            <textarea
              id="source-variables"
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
              aria-describedby="source-variables-hint"
            />
            <span id="source-variables-hint" className={problems.variables ? 'field-error' : 'hint'} role={problems.variables ? 'alert' : undefined}>
              {problems.variables ?? 'One KEY=VALUE a line, for the manifest’s $KEY references. Stored encrypted; only the names are shown later.'}
            </span>
          </div>
        </div>
      </section>
      <ErrorBanner error={connect.error} />
      <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={connect.isPending}>
          {connect.isPending && <span className="spin" />} Connect repository
        </button>
      </div>
    </form>
  );
}
