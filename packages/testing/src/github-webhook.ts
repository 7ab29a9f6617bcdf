// GitHub webhook deliveries as GitHub sends them, for tests of the push
// receiver: the delivery headers (docs.github.com, "Webhook events and
// payloads" → Delivery headers), the signatures (HMAC of the raw body,
// "Validating webhook deliveries") and the `push` and `ping` payloads in the
// shape and key order of GitHub's examples (octokit/webhooks payload-examples),
// compact JSON as GitHub posts it. Only the fields a receiver might read are
// filled in; GitHub's dozens of `*_url` templates are left out.
import { createHash, createHmac, randomUUID } from 'node:crypto';

export const ZERO_COMMIT = '0000000000000000000000000000000000000000';

export interface WebhookDelivery {
  headers: Record<string, string>;
  /** The raw body, exactly the bytes that were signed. */
  body: string;
  /** The body parsed, for assertions. */
  payload: any;
}

export interface Person {
  name: string;
  email: string;
  /** The GitHub login; the name when absent. */
  username?: string;
}

export interface PushDeliveryOptions {
  /** The webhook's secret; without one GitHub sends no signature headers. */
  secret?: string;
  /** The repository's clone URL; owner and name come from its last two path segments. */
  repositoryUrl: string;
  /** Default `main`. */
  branch?: string;
  /** The branch's commit before the push; all zeros for a new branch. */
  before: string;
  /** The branch's commit after the push; ignored (all zeros) when `deleted`. */
  after: string;
  message?: string;
  author?: Person;
  deleted?: boolean;
  forced?: boolean;
  /** Paths the head commit added, removed and modified. */
  added?: string[];
  removed?: string[];
  modified?: string[];
  /** The branch GitHub shows as the repository's default; default `main`. */
  defaultBranch?: string;
  hookId?: number;
  deliveryId?: string;
  timestamp?: Date;
}

export interface PingDeliveryOptions {
  secret?: string;
  repositoryUrl: string;
  /** The URL the webhook was configured with. */
  hookUrl?: string;
  events?: string[];
  hookId?: number;
  deliveryId?: string;
  defaultBranch?: string;
}

/** `sha256=<hex HMAC-SHA256 of body keyed with secret>`, GitHub's X-Hub-Signature-256. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** `sha1=<hex HMAC-SHA1>`, GitHub's legacy X-Hub-Signature. */
export function signBodySha1(secret: string, body: string | Buffer): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

/** A stable positive id for a name, standing in for GitHub's numeric ids. */
function idOf(text: string): number {
  return Number.parseInt(createHash('sha1').update(text).digest('hex').slice(0, 8), 16) % 1_000_000_000;
}

function repositoryOf(repositoryUrl: string, defaultBranch: string) {
  const url = new URL(repositoryUrl);
  const segments = url.pathname.split('/').filter(Boolean);
  const name = (segments.at(-1) ?? 'repo').replace(/\.git$/, '');
  const owner = segments.at(-2) ?? 'brisk-test';
  const fullName = `${owner}/${name}`;
  const htmlUrl = `${url.origin}${url.pathname.replace(/\.git$/, '')}`;
  const ownerObject = {
    name: owner,
    email: null,
    login: owner,
    id: idOf(`user:${owner}`),
    type: 'User',
    site_admin: false,
    html_url: `${url.origin}/${owner}`,
  };
  return {
    htmlUrl,
    repository: {
      id: idOf(`repo:${fullName}`),
      node_id: Buffer.from(`010:Repository${idOf(`repo:${fullName}`)}`).toString('base64'),
      name,
      full_name: fullName,
      private: false,
      owner: ownerObject,
      html_url: htmlUrl,
      description: null,
      fork: false,
      url: htmlUrl,
      git_url: `git://${url.host}${url.pathname}`,
      ssh_url: `git@${url.hostname}:${fullName}.git`,
      clone_url: repositoryUrl,
      default_branch: defaultBranch,
      master_branch: defaultBranch,
      visibility: 'public',
    },
  };
}

function userOf(person: Person, origin: string) {
  const login = person.username ?? person.name;
  return { login, id: idOf(`user:${login}`), type: 'User', site_admin: false, html_url: `${origin}/${login}` };
}

function deliveryHeaders(event: string, body: string, options: { secret?: string; hookId: number; deliveryId?: string; repositoryId: number }) {
  const headers: Record<string, string> = {
    Accept: '*/*',
    'Content-Type': 'application/json',
    'User-Agent': 'GitHub-Hookshot/044aadd',
    'X-GitHub-Delivery': options.deliveryId ?? randomUUID(),
    'X-GitHub-Event': event,
    'X-GitHub-Hook-ID': String(options.hookId),
    'X-GitHub-Hook-Installation-Target-ID': String(options.repositoryId),
    'X-GitHub-Hook-Installation-Target-Type': 'repository',
  };
  if (options.secret !== undefined) {
    headers['X-Hub-Signature'] = signBodySha1(options.secret, body);
    headers['X-Hub-Signature-256'] = signBody(options.secret, body);
  }
  return headers;
}

/** A `push` delivery for one commit on a branch (or the branch's deletion). */
export function pushDelivery(options: PushDeliveryOptions): WebhookDelivery {
  const branch = options.branch ?? 'main';
  const { repository, htmlUrl } = repositoryOf(options.repositoryUrl, options.defaultBranch ?? 'main');
  const origin = new URL(options.repositoryUrl).origin;
  const author = options.author ?? { name: 'Test Author', email: 'author@example.com', username: 'test-author' };
  const authorObject = { name: author.name, email: author.email, username: author.username ?? author.name };
  const deleted = options.deleted ?? false;
  const after = deleted ? ZERO_COMMIT : options.after;
  const created = options.before === ZERO_COMMIT;
  const headCommit = deleted
    ? null
    : {
        id: after,
        // GitHub sends the commit's tree; the tests' receivers do not read it, so a stand-in derived from the commit.
        tree_id: createHash('sha1').update(`tree:${after}`).digest('hex'),
        distinct: true,
        message: options.message ?? 'Update',
        timestamp: (options.timestamp ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        url: `${htmlUrl}/commit/${after}`,
        author: authorObject,
        committer: authorObject,
        added: options.added ?? [],
        removed: options.removed ?? [],
        modified: options.modified ?? [],
      };
  const payload = {
    ref: `refs/heads/${branch}`,
    before: options.before,
    after,
    repository: { ...repository, pushed_at: Math.floor(Date.now() / 1000) },
    pusher: { name: authorObject.username, email: author.email },
    sender: userOf(author, origin),
    created,
    deleted,
    forced: options.forced ?? false,
    base_ref: null,
    compare: created ? `${htmlUrl}/commit/${after}` : `${htmlUrl}/compare/${options.before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: headCommit ? [headCommit] : [],
    head_commit: headCommit,
  };
  const body = JSON.stringify(payload);
  const headers = deliveryHeaders('push', body, {
    secret: options.secret,
    hookId: options.hookId ?? 1,
    deliveryId: options.deliveryId,
    repositoryId: repository.id,
  });
  return { headers, body, payload };
}

/** The `ping` GitHub sends when a webhook is created. */
export function pingDelivery(options: PingDeliveryOptions): WebhookDelivery {
  const { repository } = repositoryOf(options.repositoryUrl, options.defaultBranch ?? 'main');
  const hookId = options.hookId ?? 1;
  const apiHook = `https://api.github.com/repos/${repository.full_name}/hooks/${hookId}`;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const payload = {
    zen: 'Keep it logically awesome.',
    hook_id: hookId,
    hook: {
      type: 'Repository',
      id: hookId,
      name: 'web',
      active: true,
      events: options.events ?? ['push'],
      config: {
        content_type: 'json',
        insecure_ssl: '0',
        url: options.hookUrl ?? 'https://brisk.example/hooks/github',
        ...(options.secret ? { secret: '********' } : {}),
      },
      updated_at: now,
      created_at: now,
      url: apiHook,
      test_url: `${apiHook}/test`,
      ping_url: `${apiHook}/pings`,
      deliveries_url: `${apiHook}/deliveries`,
      last_response: { code: null, status: 'unused', message: null },
    },
    repository,
    sender: userOf({ name: repository.owner.login, email: '' }, new URL(options.repositoryUrl).origin),
  };
  const body = JSON.stringify(payload);
  const headers = deliveryHeaders('ping', body, { secret: options.secret, hookId, deliveryId: options.deliveryId, repositoryId: repository.id });
  return { headers, body, payload };
}

/** Posts a delivery to a receiver, as GitHub's hookshot does. */
export function sendDelivery(url: string, delivery: WebhookDelivery): Promise<Response> {
  return fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
}
