// GitHub's push webhook: verify the signature over the raw body, ignore what
// is not a push to the source's branch, and queue a deployment of exactly the
// pushed commit. GitHub waits 10 s at most, so nothing slow happens here.
// X-GitHub-Delivery is the idempotency key: a redelivery finds its deployment.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '@brisk/db';
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
  after?: unknown;
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
  const author = payload.head_commit?.author;
  let deployment: { id: string };
  try {
    deployment = await db.deployment.create({
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
  } catch (error) {
    // (sourceId, deliveryId) is unique: a redelivery, or two copies of one delivery at once, finds the first one's deployment.
    if ((error as { code?: string }).code === 'P2002' && deliveryId) {
      const earlier = await db.deployment.findUnique({ where: { sourceId_deliveryId: { sourceId: source.id, deliveryId } }, select: { id: true } });
      if (earlier) return { status: 200, body: { deployment: earlier.id, redelivery: true } };
    }
    throw error;
  }
  await enqueueDeployment(queue, deployment.id);
  return { status: 202, body: { deployment: deployment.id } };
}
