'use client';
import { useState, type FormEvent } from 'react';
import { CodeText } from '@/components/ui/code-text';
import { BoltLogo } from '@/components/ui/icons';
import { apiKeySchema } from '@/lib/forms';
import { errorMessage, trpc } from '@/trpc/react';

export function SignInForm({ next }: { next: string }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string>();
  const signIn = trpc.session.signIn.useMutation({
    onSuccess: () => window.location.assign(next),
    onError: (error) => setProblem(errorMessage(error)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = apiKeySchema.safeParse(key);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message);
      return;
    }
    setProblem(undefined);
    signIn.mutate({ key: parsed.data });
  }

  return (
    <form className="panel signin-card" onSubmit={submit} noValidate>
      <div className="brand">
        <BoltLogo /> Brisk
      </div>
      <div>
        <h1>Sign in to the console</h1>
        <p className="subtle" style={{ margin: '4px 0 0' }}>
          Use your namespace&apos;s API key, the <code>AUTH</code> value in <code>.wskprops</code>.
        </p>
      </div>
      <div className="field">
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          className="input mono"
          type="password"
          autoComplete="current-password"
          placeholder="uuid:secret"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'sign-in-problem' : undefined}
          // biome-ignore lint/a11y/noAutofocus: the sign-in page has one field, and entering the key is the only thing to do there
          autoFocus
        />
      </div>
      {problem && (
        <div id="sign-in-problem" className="banner err" role="alert">
          <CodeText text={problem} />
        </div>
      )}
      <button className="btn btn-primary" type="submit" disabled={signIn.isPending} style={{ justifyContent: 'center' }}>
        {signIn.isPending ? <span className="spin" /> : null} Sign in
      </button>
      <p className="hint" style={{ margin: 0 }}>
        The key is checked once and never stored in the browser: the console keeps a session cookie instead.
      </p>
    </form>
  );
}
