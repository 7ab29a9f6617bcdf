// Fetches exactly one commit of a repository into a fresh directory, as a
// deploy needs it: only that commit's tree (shallow), under a time and a size
// bound, with git isolated from the host (git-environment.ts) and the URL
// checked first (repository-url.ts). A deploy names the commit a push
// delivered, so the branch moving on meanwhile does not change what deploys.
import { mkdir, readdir } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { badRequest, tooLarge } from '../../errors.ts';
import { diskUsage } from './disk-usage.ts';
import { gitEnvironment, scrubber } from './git-environment.ts';
import { checkRepository, type RepositoryUrlOptions } from './repository-url.ts';
import { type GitResult, runGit } from './run-git.ts';
import { isCommitId } from './commit-id.ts';

/** Files in one checkout, at most. */
export const MAX_CHECKOUT_FILES = 100_000;

export interface FetchCommitOptions {
  url: string;
  /** The commit to fetch (40 hex characters, 64 for a SHA-256 repository); the branch head when absent. */
  commit?: string;
  branch: string;
  /** Read access to a private repository (a GitHub installation or personal token). */
  token?: string;
  /** An empty directory the caller owns and removes afterwards, also when the fetch fails. */
  into: string;
  /** For the whole fetch, checkout included. */
  timeoutMs: number;
  /** Bounds what the fetch writes under `into`: the fetched objects plus the checked-out files. */
  maxBytes: number;
  /** git's progress lines, with any token removed. */
  onProgress?: (line: string) => void;
  allowPrivateNetwork: boolean;
  lookup?: RepositoryUrlOptions['lookup'];
}

export interface FetchedCommit {
  commit: string;
  /** The checked-out files: `into/tree`, holding no `.git`. */
  dir: string;
}

/** How far back a commit may be when the server refuses fetching it by id, as GitHub's mirrors of old servers may. */
const BRANCH_FALLBACK_DEPTH = 50;
const SIZE_POLL_MS = 200;
/** http.curloptResolve (2.37) pins the checked addresses; older git would ignore it silently. */
const MIN_GIT: [number, number] = [2, 37];

/** Why a branch name is not one git would accept (`git check-ref-format --branch`), if it is not. */
function branchProblem(branch: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what git refuses
  if (!branch || /[\u0000-\u0020\u007f~^:?*[\\]/.test(branch)) return 'is empty or holds a character git does not allow in branch names';
  if (branch.startsWith('-') || branch.includes('..') || branch.includes('@{') || branch === '@') return 'is not a valid branch name';
  if (branch.split('/').some((part) => part === '' || part.startsWith('.') || part.endsWith('.lock'))) return 'is not a valid branch name';
  if (branch.endsWith('.')) return 'is not a valid branch name';
  return undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

let gitVersionCheck: Promise<void> | undefined;

function requireGitVersion(env: NodeJS.ProcessEnv): Promise<void> {
  gitVersionCheck ??= runGit(['version'], { env, cwd: '/', deadline: Date.now() + 10_000 }).then((result) => {
    const match = /(\d+)\.(\d+)/.exec(result.stdout);
    const [major, minor] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (major < MIN_GIT[0] || (major === MIN_GIT[0] && minor < MIN_GIT[1])) {
      gitVersionCheck = undefined;
      throw new Error(`Deploys need git ${MIN_GIT.join('.')} or later on this host; found ${result.stdout.trim() || 'no git'}.`);
    }
  });
  return gitVersionCheck;
}

/** The server answers this when it will not send a commit asked for by id (or has no such object). */
const REFUSED_BY_ID = /not our ref|unadvertised object|no such remote ref|couldn't find remote ref [0-9a-f]{40}/i;

/** A message a user can act on for a failed git fetch. */
function describeFailure(stderr: string, url: string, branch: string, hasToken: boolean): string {
  const lines = stderr.split(/[\r\n]+/).filter((line) => /^(fatal|error|remote):/i.test(line));
  const detail = (lines.at(-1) ?? stderr.trim().split('\n').at(-1) ?? '').slice(0, 500);
  if (/terminal prompts disabled|could not read (Username|Password)|Authentication failed|returned error: 40[13]/i.test(stderr)) {
    return hasToken
      ? `${url} refused the access token: check that it is valid and can read this repository.`
      : `${url} requires authentication: it is private, so the deploy needs an access token that can read it.`;
  }
  if (/returned error: 30\d/i.test(stderr)) return `${url} redirects elsewhere, which deploys do not follow: use the repository's current URL.`;
  if (/returned error: 404|repository .* not found|does not appear to be a git repository/i.test(stderr)) {
    return `Repository ${url} was not found${hasToken ? '' : ' (if it is private, the deploy needs an access token)'}.`;
  }
  if (/couldn't find remote ref/i.test(stderr)) return `Branch ${JSON.stringify(branch)} does not exist in ${url}.`;
  return `git could not fetch ${url}: ${detail.replace(/^(fatal|error):\s*/i, '')}`;
}

/**
 * Fetches one commit of a repository (or the head of `branch`) into
 * `into/tree`, after checking the URL against the deploy policy. Symlinks are
 * checked out as plain files holding the link text; hooks, submodules, LFS
 * and the host's git config are not used. Throws `badRequest` for a refused
 * URL, a failed fetch, a missing commit or the timeout, and `tooLarge` when
 * the repository passes `maxBytes`.
 */
export async function fetchCommit(options: FetchCommitOptions): Promise<FetchedCommit> {
  const wanted = options.commit?.toLowerCase();
  if (wanted !== undefined && !isCommitId(wanted))
    throw badRequest(`${JSON.stringify(options.commit)} is not a commit id: expected 40 hexadecimal characters.`);
  const branchIssue = branchProblem(options.branch);
  if (branchIssue) throw badRequest(`The branch ${JSON.stringify(options.branch)} ${branchIssue}.`);
  const deadline = Date.now() + options.timeoutMs;

  const { url, addresses } = await checkRepository(options.url, options);
  const into = options.into;
  if ((await readdir(into)).length > 0) throw new Error(`fetchCommit needs an empty directory; ${into} is not.`);
  const gitDir = join(into, 'git');
  const dir = join(into, 'tree');
  const home = join(into, 'home');
  await Promise.all([mkdir(gitDir), mkdir(dir), mkdir(home)]);

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const resolve = url.protocol !== 'git:' && !net.isIP(host) ? `${host}:${port}:${addresses.map((a) => (net.isIPv6(a) ? `[${a}]` : a)).join(',')}` : undefined;
  const env = gitEnvironment({ home, allowPrivateNetwork: options.allowPrivateNetwork, token: options.token, resolve });
  await requireGitVersion(env);

  const scrub = scrubber(options.token);
  const shown = url.href; // no credentials: checkRepository refuses them
  const limit = formatBytes(options.maxBytes);
  const overLimit = async () =>
    (await diskUsage(into)) > options.maxBytes ? `The repository is larger than the deploy size limit of ${limit} (${options.maxBytes} bytes).` : undefined;

  const git = async (args: string[], extra: { progress?: boolean; onStdout?: (chunk: Buffer) => void } = {}): Promise<GitResult> => {
    const result = await runGit(['--git-dir', gitDir, ...args], {
      env,
      cwd: into,
      deadline,
      onStdout: extra.onStdout,
      onStderrLine: extra.progress && options.onProgress ? (line) => options.onProgress!(scrub(line)) : undefined,
      watch: { everyMs: SIZE_POLL_MS, check: overLimit },
    });
    if (result.stopped?.reason === 'deadline') {
      throw badRequest(`Fetching ${shown} did not finish within the deploy fetch timeout of ${Math.round(options.timeoutMs / 100) / 10} s.`);
    }
    if (result.stopped?.reason === 'watch') throw tooLarge(result.stopped.message);
    return { ...result, stderr: scrub(result.stderr) };
  };
  const must = async (args: string[], what: string) => {
    const result = await git(args);
    if (result.code !== 0) throw new Error(`git ${what} failed: ${result.stderr.trim()}`);
    return result.stdout.trim();
  };
  const objectType = async (id: string) => (await git(['cat-file', '-t', id])).stdout.trim();
  const branchRefspec = (depth: number) => [
    'fetch',
    `--depth=${depth}`,
    '--no-tags',
    '--progress',
    shown,
    `+refs/heads/${options.branch}:refs/remotes/origin/${options.branch}`,
  ];

  await must(['init', '--quiet', '--bare', '--template=', ...(wanted?.length === 64 ? ['--object-format=sha256'] : []), gitDir], 'init');

  let commit: string;
  if (wanted) {
    const byId = await git(['fetch', '--depth=1', '--no-tags', '--progress', shown, wanted], { progress: true });
    if (byId.code !== 0) {
      if (!REFUSED_BY_ID.test(byId.stderr)) throw badRequest(describeFailure(byId.stderr, shown, options.branch, Boolean(options.token)));
      // Servers without uploadpack.allowAnySHA1InWant only send what a ref
      // points to: fetch the branch's recent history and look for it there.
      const byBranch = await git(branchRefspec(BRANCH_FALLBACK_DEPTH), { progress: true });
      if (byBranch.code !== 0) throw badRequest(describeFailure(byBranch.stderr, shown, options.branch, Boolean(options.token)));
      if ((await objectType(wanted)) !== 'commit') {
        throw badRequest(
          `Commit ${wanted} was not found in ${shown}: the server does not send commits by id, and it is not among the last ${BRANCH_FALLBACK_DEPTH} commits of branch ${JSON.stringify(options.branch)}.`,
        );
      }
    } else if ((await objectType(wanted)) !== 'commit') {
      throw badRequest(`${wanted} in ${shown} is not a commit.`);
    }
    commit = wanted;
  } else {
    const head = await git(branchRefspec(1), { progress: true });
    if (head.code !== 0) throw badRequest(describeFailure(head.stderr, shown, options.branch, Boolean(options.token)));
    commit = await must(['rev-parse', '--verify', `refs/remotes/origin/${options.branch}^{commit}`], 'rev-parse');
  }

  // The files' total size is known before any is written, so a small pack
  // that expands into a huge checkout is refused without writing it.
  let treeBytes = 0;
  let treeFiles = 0;
  let pending = '';
  const sizes = await git(['ls-tree', '-r', '-z', '--format=%(objectsize)', commit], {
    onStdout: (chunk) => {
      const parts = (pending + chunk.toString()).split('\0');
      pending = parts.pop()!;
      treeFiles += parts.length;
      for (const size of parts) treeBytes += Number(size) || 0; // a submodule's size is "-": nothing is checked out for it
    },
  });
  if (sizes.code !== 0) throw new Error(`git ls-tree failed: ${sizes.stderr.trim()}`);
  // Empty files cost no bytes but an inode each: their number is bounded too.
  if (treeFiles > MAX_CHECKOUT_FILES) {
    throw tooLarge(`Commit ${commit} holds ${treeFiles} files; a deployed repository may have at most ${MAX_CHECKOUT_FILES}.`);
  }
  if ((await diskUsage(into)) + treeBytes > options.maxBytes) {
    throw tooLarge(
      `The repository is larger than the deploy size limit of ${limit} (${options.maxBytes} bytes): commit ${commit} holds ${formatBytes(treeBytes)} of files.`,
    );
  }

  await must(['--work-tree', dir, 'checkout', '--quiet', '--detach', commit], 'checkout');
  const over = await overLimit();
  if (over) throw tooLarge(over);
  return { commit, dir };
}
