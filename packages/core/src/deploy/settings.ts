// The operator's settings for deployments, read from the environment in one
// place for the web (sources, webhooks) and the worker (running deployments).
import { parseSecretsKey } from './secrets.ts';

export interface DeploySettings {
  /** Seals tokens, variables and webhook secrets; without it sources cannot be connected. */
  secretsKey?: Buffer;
  /** http://, git:// and private or loopback addresses for repositories (tests, intranets). */
  allowPrivateNetwork: boolean;
  /** Where commit statuses go: GitHub's API, or a GitHub Enterprise server's. */
  githubApiUrl: string;
  /** The console's address as users reach it, for webhook URLs and status links; else the request's own origin. */
  publicUrl?: string;
  /** Bounds on one fetch of a repository. */
  fetchTimeoutMs: number;
  maxRepositoryBytes: number;
  /** Deployments one worker runs at once (of different sources: a source's run one at a time). */
  concurrency: number;
}

export function deploySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DeploySettings {
  return {
    secretsKey: env.BRISK_SECRETS_KEY ? parseSecretsKey(env.BRISK_SECRETS_KEY) : undefined,
    allowPrivateNetwork: env.BRISK_DEPLOY_ALLOW_PRIVATE_NETWORK === 'true',
    githubApiUrl: (env.BRISK_GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    publicUrl: env.BRISK_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    fetchTimeoutMs: Number(env.BRISK_DEPLOY_FETCH_TIMEOUT_MS ?? 120_000),
    maxRepositoryBytes: Number(env.BRISK_DEPLOY_MAX_REPOSITORY_MB ?? 200) * 1024 * 1024,
    concurrency: Math.max(1, Number(env.BRISK_DEPLOY_CONCURRENCY ?? 2) || 1),
  };
}

/** The address webhook URLs and status links start with: the operator's, else the one the request came to. */
export function publicBaseUrl(settings: DeploySettings, requestOrigin: string): string {
  return settings.publicUrl ?? requestOrigin;
}
