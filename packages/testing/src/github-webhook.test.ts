import { describe, expect, it } from 'vitest';
import { pingDelivery, pushDelivery, signBody, ZERO_COMMIT } from './github-webhook.ts';

const before = '1'.repeat(40);
const after = '2'.repeat(40);

describe('GitHub webhook deliveries', () => {
  it('signs as GitHub documents (its test vector)', () => {
    // docs.github.com, "Validating webhook deliveries" → Testing the webhook payload validation.
    expect(signBody("It's a Secret to Everybody", 'Hello, World!')).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });

  it('builds a push with GitHub headers and payload', () => {
    const delivery = pushDelivery({
      secret: 's3cret',
      repositoryUrl: 'https://github.com/acme/app.git',
      before,
      after,
      message: 'Deploy it',
      author: { name: 'Ada', email: 'ada@example.com', username: 'ada' },
      modified: ['manifest.yaml'],
    });
    expect(delivery.headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-GitHub-Event': 'push',
      'X-GitHub-Hook-ID': '1',
      'X-GitHub-Hook-Installation-Target-Type': 'repository',
      'X-Hub-Signature-256': signBody('s3cret', delivery.body),
    });
    expect(delivery.headers['X-GitHub-Delivery']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(delivery.headers['X-Hub-Signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(delivery.headers['User-Agent']).toMatch(/^GitHub-Hookshot\//);
    expect(JSON.parse(delivery.body)).toEqual(delivery.payload);
    expect(Object.keys(delivery.payload)).toEqual([
      'ref',
      'before',
      'after',
      'repository',
      'pusher',
      'sender',
      'created',
      'deleted',
      'forced',
      'base_ref',
      'compare',
      'commits',
      'head_commit',
    ]);
    expect(delivery.payload).toMatchObject({
      ref: 'refs/heads/main',
      before,
      after,
      created: false,
      deleted: false,
      compare: `https://github.com/acme/app/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      repository: {
        name: 'app',
        full_name: 'acme/app',
        clone_url: 'https://github.com/acme/app.git',
        html_url: 'https://github.com/acme/app',
        default_branch: 'main',
        owner: { login: 'acme' },
      },
      pusher: { name: 'ada', email: 'ada@example.com' },
      sender: { login: 'ada' },
      head_commit: {
        id: after,
        message: 'Deploy it',
        author: { name: 'Ada', email: 'ada@example.com', username: 'ada' },
        added: [],
        removed: [],
        modified: ['manifest.yaml'],
      },
    });
    expect(delivery.payload.commits).toEqual([delivery.payload.head_commit]);
    expect(delivery.payload.head_commit.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('marks created and deleted branches as GitHub does, and sends no signature without a secret', () => {
    const created = pushDelivery({ repositoryUrl: 'http://127.0.0.1:9/acme/app.git', branch: 'feature', before: ZERO_COMMIT, after });
    expect(created.payload).toMatchObject({ ref: 'refs/heads/feature', created: true, deleted: false, compare: `http://127.0.0.1:9/acme/app/commit/${after}` });
    expect(created.headers['X-Hub-Signature-256']).toBeUndefined();
    const deleted = pushDelivery({ secret: 'x', repositoryUrl: 'https://github.com/acme/app.git', before, after, deleted: true });
    expect(deleted.payload).toMatchObject({ after: ZERO_COMMIT, deleted: true, commits: [], head_commit: null });
  });

  it('builds a ping', () => {
    const ping = pingDelivery({ secret: 'x', repositoryUrl: 'https://github.com/acme/app.git', hookId: 42 });
    expect(ping.headers['X-GitHub-Event']).toBe('ping');
    expect(ping.headers['X-GitHub-Hook-ID']).toBe('42');
    expect(ping.headers['X-Hub-Signature-256']).toBe(signBody('x', ping.body));
    expect(ping.payload).toMatchObject({
      hook_id: 42,
      hook: { type: 'Repository', id: 42, name: 'web', events: ['push'] },
      repository: { full_name: 'acme/app' },
    });
  });
});
