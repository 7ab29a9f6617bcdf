// Which repository URLs a deploy may fetch. The URL comes from a user and is
// handed to git, which understands far more than HTTPS (local paths, file:,
// ssh, `ext::` running any command), so everything but plain http(s)/git URLs
// to public addresses is refused before git sees it.
import { lookup as dnsLookup } from 'node:dns/promises';
import net from 'node:net';
import { badRequest } from '../../errors.ts';
import { nonPublicReason } from './address-ranges.ts';

export const ALLOW_PRIVATE_NETWORK_SETTING = 'BRISK_DEPLOY_ALLOW_PRIVATE_NETWORK=true';

export interface RepositoryUrlOptions {
  /** The operator's `BRISK_DEPLOY_ALLOW_PRIVATE_NETWORK=true`: allows http://, git:// and non-public addresses. */
  allowPrivateNetwork: boolean;
  /** Resolves a host name to all its addresses; node's `dns.lookup` unless a test gives its own. */
  lookup?: (hostname: string) => Promise<string[]>;
}

export interface CheckedRepository {
  url: URL;
  /** The addresses the host name resolved to when it was checked (the literal for an IP host). */
  addresses: string[];
}

const systemLookup = async (hostname: string) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

const refuse = (url: string, why: string) => badRequest(`The repository URL ${JSON.stringify(url)} ${why}`);

const privateHint = `An operator can allow it by setting ${ALLOW_PRIVATE_NETWORK_SETTING}.`;

/** The problem with the URL's spelling, before it is parsed, if any. */
function syntaxProblem(url: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) return 'uses a git remote helper (`transport::address`), which could run commands; use an https:// URL.';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0020\u007f]/.test(url)) return 'contains spaces or control characters.';
  if (/^([/.~\\]|[A-Za-z]:[\\/])/.test(url)) return 'is a local path; use an https:// URL.';
  // Without `scheme://`, git reads `host:path` and `user@host:path` as ssh.
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) {
    return /^[^/]*[@.][^/]*:/.test(url) ? 'is an ssh address (`host:path`); Brisk fetches over https:// with a token instead.' : 'is not an https:// URL.';
  }
  return undefined;
}

/**
 * Checks a repository URL against the deploy policy and resolves its host:
 * https:// to public addresses always; http:// and git:// and private,
 * loopback, link-local and other non-public addresses only when the operator
 * allows private networks; local paths, file:, ssh, remote helpers and URLs
 * with credentials never (a token is given separately). Throws `badRequest`
 * saying what was wrong.
 */
export async function checkRepository(input: string, options: RepositoryUrlOptions): Promise<CheckedRepository> {
  const problem = syntaxProblem(input);
  if (problem) throw refuse(input, problem);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw refuse(input, 'is not a URL.');
  }
  if (url.protocol === 'http:' || url.protocol === 'git:') {
    if (!options.allowPrivateNetwork) throw refuse(input, `uses ${url.protocol}//, which is not encrypted; use https://. ${privateHint}`);
  } else if (url.protocol !== 'https:') {
    throw refuse(input, `uses ${url.protocol}, which deploys cannot fetch from; use an https:// URL.`);
  }
  if (url.username || url.password) throw refuse(input, 'holds credentials; give the access token separately, not in the URL.');
  if (!url.hostname) throw refuse(input, 'has no host.');

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (net.isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await (options.lookup ?? systemLookup)(host);
    } catch {
      throw refuse(input, `names a host, ${host}, that could not be resolved.`);
    }
    if (addresses.length === 0) throw refuse(input, `names a host, ${host}, that has no addresses.`);
  }
  if (!options.allowPrivateNetwork) {
    for (const address of addresses) {
      const reason = nonPublicReason(address);
      if (reason) throw refuse(input, `points to ${host === address ? '' : `${address}, `}a ${reason} address, which deploys may not reach. ${privateHint}`);
    }
  }
  return { url, addresses };
}

/** {@link checkRepository}, for callers that need only the parsed URL. */
export async function checkRepositoryUrl(input: string, options: RepositoryUrlOptions): Promise<URL> {
  return (await checkRepository(input, options)).url;
}

const GITHUB_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The GitHub owner and repository a URL names, from its last two path
 * segments (`https://github.com/acme/app.git` → acme/app), or undefined when
 * it has fewer or they are not GitHub names.
 */
export function githubRepoOf(url: URL): { owner: string; repo: string } | undefined {
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length < 2) return undefined;
  const owner = decodeURIComponent(segments[segments.length - 2]!);
  const repo = decodeURIComponent(segments[segments.length - 1]!).replace(/\.git$/, '');
  if (!GITHUB_NAME.test(owner) || !GITHUB_NAME.test(repo) || /^\.+$/.test(owner) || /^\.*$/.test(repo)) return undefined;
  return { owner, repo };
}
