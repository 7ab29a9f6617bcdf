// The environment git runs in when a deploy fetches a repository: nothing of
// the host's (its config, credential helpers, proxies, GIT_* variables) and
// every setting that matters given explicitly, so what a fetch can do is
// decided here and nowhere else. The repository's content is untrusted, so
// nothing in it may run (hooks, filters, LFS) or point outside the checkout
// (symlinks, submodules).

export interface GitEnvironmentOptions {
  /** An empty directory to serve as HOME, so no ~/.gitconfig or ~/.netrc is read. */
  home: string;
  /** Lets git use http:// and git:// besides https:// (the operator's private-network setting). */
  allowPrivateNetwork: boolean;
  /** Sent as HTTP Basic `x-access-token:<token>`, as GitHub expects installation and personal tokens. */
  token?: string;
  /** `host:port:address[,address…]` pinning the name to the addresses that were checked (curl's CURLOPT_RESOLVE). */
  resolve?: string;
}

/** The Authorization header value git sends for `token`. */
export function tokenHeader(token: string): string {
  return `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}

/** Builds the environment for every git command of one fetch. */
export function gitEnvironment(options: GitEnvironmentOptions): NodeJS.ProcessEnv {
  const config: [string, string][] = [
    // A committed symlink becomes a plain file holding the link text, so the
    // checkout never leads a later reader outside it.
    ['core.symlinks', 'false'],
    ['core.hooksPath', '/dev/null'],
    ['core.fsmonitor', 'false'],
    ['submodule.recurse', 'false'],
    ['fetch.recurseSubmodules', 'false'],
    // A redirect could lead to an address that was never checked (another
    // host, a private one); a moved repository must be given by its new URL.
    ['http.followRedirects', 'false'],
    ['protocol.version', '2'],
    ['advice.detachedHead', 'false'],
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
  ];
  // Pins the host name to the addresses checked, so a DNS answer that
  // changes between the check and git's own lookup (rebinding) is not used.
  if (options.resolve) config.push(['http.curloptResolve', options.resolve]);
  // Passed in the environment, not the command line, which other users of
  // the host can read in the process list.
  if (options.token) config.push(['http.extraHeader', tokenHeader(options.token)]);

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: options.home,
    XDG_CONFIG_HOME: options.home,
    LANG: 'C',
    LC_ALL: 'C', // git's messages in English, which fetch-commit reads
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_SYSTEM: '/dev/null',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '', // no prompt program either: a missing token fails at once
    GIT_ALLOW_PROTOCOL: options.allowPrivateNetwork ? 'https:http:git' : 'https',
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env as NodeJS.ProcessEnv;
}

/** Removes the token, and the header built from it, from text git printed. */
export function scrubber(token: string | undefined): (text: string) => string {
  if (!token) return (text) => text;
  const secrets = [tokenHeader(token), Buffer.from(`x-access-token:${token}`).toString('base64'), token].filter((secret) => secret.length > 0);
  return (text) => secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), text);
}
