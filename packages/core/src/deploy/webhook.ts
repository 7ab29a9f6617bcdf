// GitHub's push webhook: verify the signature over the raw body, ignore what
// is not a push to the source's branch, and queue a deployment of exactly the
// pushed commit. GitHub waits 10 s at most, so nothing slow happens here.
// X-GitHub-Delivery is the idempotency key: a redelivery finds its deployment.
// That header is not signed, so a captured body could be replayed under a new
// delivery id; a push must therefore follow on from the last one accepted
// (its `before` is that push's `after`) or be newer by GitHub's pushed_at.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db, Prisma } from '@brisk/db';
import { badRequest, notFound, unauthorized, unavailable } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import { type DeployQueue, enqueueDeployment } from './deploy-queue.ts';
import { isCommitId } from './git/commit-id.ts';
import { unsealSource } from './sources.ts';
import type { DeploySettings } from './settings.ts';

export interface WebhookRequest {
  sourceId: string;
  headers: { get(name: string): string | null };
  body: Buffer;
}

export interface WebhookAnswer {
  status: 200 | 202;
  body: Record<string, unknown>;
}

const MAX_TEXT = 2_000;

export function signatureMatches(secret: string, body: Buffer, header: string | null): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface PushPayload {
  ref?: unknown;
  before?: unknown;
  after?: unknown;
  repository?: { pushed_at?: unknown } | null;
  deleted?: unknown;
  head_commit?: { message?: unknown; author?: { name?: unknown; username?: unknown } } | null;
}

/** The JSON payload, sent as application/json or (a webhook's other setting) as a form's `payload` field. */
function payloadOf(contentType: string | null, body: Buffer): PushPayload {
  const text = contentType?.startsWith('application/x-www-form-urlencoded')
    ? (new URLSearchParams(body.toString('utf8')).get('payload') ?? '')
    : body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as PushPayload;
  } catch {
    // fall through
  }
  throw badRequest('The webhook payload is not a JSON object.');
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : null;
}

/** GitHub's `repository.pushed_at` for a push: Unix seconds (some senders use an ISO date). */
function pushedAtOf(payload: PushPayload): Date | null {
  const value = payload.repository?.pushed_at;
  const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : null;
  return date && Number.isFinite(date.getTime()) ? date : null;
}

/**
 * Records this push as the source's latest, if it is one: the first push, one
 * whose `before` is the last accepted `after` (so a force-push back to an old
 * commit still deploys), or one GitHub stamped later (pushes GitHub could not
 * deliver break the chain). pushed_at counts seconds, so a push in the same
 * second as the last passes unless it names the same commit: replaying the
 * latest delivery deploys nothing either. Conditional in one statement, so
 * concurrent deliveries cannot both pass on the same predecessor.
 */
async function claimLatestPush(
  db: Prisma.TransactionClient,
  sourceId: string,
  push: { before: string | null; after: string; pushedAt: Date | null },
): Promise<boolean> {
  const follows: Prisma.SourceWhereInput[] = [{ lastPushCommit: null }];
  if (push.before) follows.push({ lastPushCommit: push.before });
  if (push.pushedAt) follows.push({ lastPushAt: { lt: push.pushedAt } }, { lastPushAt: push.pushedAt, lastPushCommit: { not: push.after } });
  const claimed = await db.source.updateMany({
    where: { id: sourceId, OR: follows },
    data: { lastPushCommit: push.after, ...(push.pushedAt ? { lastPushAt: push.pushedAt } : {}) },
  });
  return claimed.count === 1;
}

export async function acceptWebhook(db: Db, queue: DeployQueue, settings: DeploySettings, request: WebhookRequest): Promise<WebhookAnswer> {
  if (!isUuid(request.sourceId)) throw notFound('There is no webhook here.');
  const source = await db.source.findUnique({ where: { id: request.sourceId } });
  if (!source) throw notFound('There is no webhook here.');
  if (!settings.secretsKey) throw unavailable('Webhooks cannot be checked: the operator has not set BRISK_SECRETS_KEY.');
  const { webhookSecret } = unsealSource(settings.secretsKey, source);
  if (!signatureMatches(webhookSecret, request.body, request.headers.get('x-hub-signature-256'))) {
    throw unauthorized("The X-Hub-Signature-256 header is missing or does not match the body signed with this webhook's secret.");
  }

  const event = request.headers.get('x-github-event');
  if (event === 'ping') return { status: 200, body: { ok: true, source: source.name } };
  if (event !== 'push') return { status: 202, body: { ignored: `the ${event ?? 'unnamed'} event does not deploy; only push does` } };

  const payload = payloadOf(request.headers.get('content-type'), request.body);
  const ref = text(payload.ref);
  if (ref !== `refs/heads/${source.branch}`) return { status: 202, body: { ignored: `the push is to ${ref ?? 'no ref'}, not to refs/heads/${source.branch}` } };
  if (payload.deleted === true) return { status: 202, body: { ignored: `the push deletes ${ref}` } };
  const commit = text(payload.after)?.toLowerCase();
  if (!commit || !isCommitId(commit)) throw badRequest('The push payload has no commit id in "after".');

  const deliveryId = text(request.headers.get('x-github-delivery'));
  const redelivered = async (): Promise<WebhookAnswer | null> => {
    if (!deliveryId) return null;
    const earlier = await db.deployment.findUnique({ where: { sourceId_deliveryId: { sourceId: source.id, deliveryId } }, select: { id: true } });
    return earlier ? { status: 200, body: { deployment: earlier.id, redelivery: true } } : null;
  };
  const known = await redelivered();
  if (known) return known;

  const author = payload.head_commit?.author;
  const push = { before: text(payload.before)?.toLowerCase() ?? null, after: commit, pushedAt: pushedAtOf(payload) };
  let deployment: { id: string } | null;
  try {
    deployment = await db.$transaction(async (tx) => {
      if (!(await claimLatestPush(tx, source.id, push))) return null;
      return tx.deployment.create({
        data: {
          namespaceId: source.namespaceId,
          sourceId: source.id,
          sourceName: source.name,
          project: source.name,
          commit,
          ref,
          message: text(payload.head_commit?.message),
          author: text(author?.username) ?? text(author?.name),
          cause: 'push',
          deliveryId,
          logs: [],
        },
        select: { id: true },
      });
    });
  } catch (error) {
    // (sourceId, deliveryId) is unique: two copies of one delivery at once find the first one's deployment.
    const first = (error as { code?: string }).code === 'P2002' ? await redelivered() : null;
    if (first) return first;
    throw error;
  }
  if (!deployment) {
    // The copy that lost the race to a concurrent copy of itself is a redelivery, not a replay.
    return (
      (await redelivered()) ?? {
        status: 202,
        body: { ignored: `the push of ${commit} is older than the last push received for this source (a replayed delivery deploys nothing)` },
      }
    );
  }
  await enqueueDeployment(queue, deployment.id);
  return { status: 202, body: { deployment: deployment.id } };
}
