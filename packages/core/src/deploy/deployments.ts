// Deployments: the record of each deploy (why, which commit, what changed,
// its log), and the ways to start one by hand: redeploy a commit, or roll
// back to what an earlier deployment left.
import type { Db, Prisma } from '@brisk/db';
import { z } from 'zod';
import { describeZodError } from '../entity-schemas.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { ListOptions } from '../listing.ts';
import type { Caller } from '../namespaces.ts';
import { assertEntityName } from '../names.ts';
import { isUuid } from '../uuid.ts';
import { type DeployQueue, enqueueDeployment } from './deploy-queue.ts';
import { KEEP_SPECS } from './deployment-retention.ts';
import type { DeploymentStatus } from './deployment-status.ts';
import type { EntityChange } from './engine/plan.ts';
import { isCommitId } from './git/commit-id.ts';
import { findSource } from './sources.ts';

export const DEPLOYMENT_CAUSES = ['push', 'manual', 'rollback', 'upload'] as const;
export type DeploymentCause = (typeof DEPLOYMENT_CAUSES)[number];
export { DEPLOYMENT_STATUSES, type DeploymentStatus, isFinishedDeployment } from './deployment-status.ts';

export interface DeploymentDocument {
  id: string;
  namespace: string;
  source: string | null;
  project: string;
  commit: string | null;
  ref: string | null;
  message: string | null;
  author: string | null;
  cause: DeploymentCause;
  status: DeploymentStatus;
  rollbackOf?: string;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  error?: string;
  changes: EntityChange[];
}

export const deploymentColumns = {
  id: true,
  sourceName: true,
  project: true,
  commit: true,
  ref: true,
  message: true,
  author: true,
  cause: true,
  status: true,
  rollbackOf: true,
  error: true,
  changes: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
} as const;
type DeploymentRow = Prisma.DeploymentGetPayload<{ select: typeof deploymentColumns }>;

export function toDeploymentDocument(namespace: string, row: DeploymentRow): DeploymentDocument {
  return {
    id: row.id,
    namespace,
    source: row.sourceName,
    project: row.project,
    commit: row.commit,
    ref: row.ref,
    message: row.message,
    author: row.author,
    cause: row.cause as DeploymentCause,
    status: row.status as DeploymentStatus,
    ...(row.rollbackOf ? { rollbackOf: row.rollbackOf } : {}),
    createdAt: row.createdAt.getTime(),
    startedAt: row.startedAt?.getTime() ?? null,
    endedAt: row.endedAt?.getTime() ?? null,
    ...(row.error ? { error: row.error } : {}),
    changes: row.changes as unknown as EntityChange[],
  };
}

function assertDeploymentId(id: string): void {
  if (!isUuid(id)) throw badRequest(`"${id}" is not a deployment id.`);
}

/** `sourceless`: only deployments no connected source holds (uploads, and those of disconnected sources). */
export async function listDeployments(
  db: Db,
  caller: Caller,
  filter: { source?: string; sourceless?: boolean },
  options: ListOptions,
): Promise<DeploymentDocument[]> {
  if (filter.source !== undefined) assertEntityName(filter.source, 'source');
  const rows = await db.deployment.findMany({
    where: {
      namespaceId: caller.namespaceId,
      ...(filter.source !== undefined ? { sourceName: filter.source } : {}),
      ...(filter.sourceless ? { sourceId: null } : {}),
    },
    orderBy: { createdAt: 'desc' },
    take: options.limit,
    skip: options.skip,
    select: deploymentColumns,
  });
  return rows.map((row) => toDeploymentDocument(caller.namespace, row));
}

export async function getDeployment(db: Db, caller: Caller, id: string): Promise<DeploymentDocument> {
  assertDeploymentId(id);
  const row = await db.deployment.findFirst({ where: { id, namespaceId: caller.namespaceId }, select: deploymentColumns });
  if (!row) throw notFound(`The deployment ${id} does not exist.`);
  return toDeploymentDocument(caller.namespace, row);
}

export async function getDeploymentLogs(db: Db, caller: Caller, id: string): Promise<{ id: string; status: DeploymentStatus; logs: string[] }> {
  assertDeploymentId(id);
  const row = await db.deployment.findFirst({ where: { id, namespaceId: caller.namespaceId }, select: { status: true, logs: true } });
  if (!row) throw notFound(`The deployment ${id} does not exist.`);
  return { id, status: row.status as DeploymentStatus, logs: row.logs };
}

const manualSchema = z.object({ source: z.string(), commit: z.string().optional() }).strict();

/** Deploys a source's commit (its branch head when none is given), as a new deployment. */
export async function startManualDeployment(db: Db, queue: DeployQueue, caller: Caller, body: unknown): Promise<DeploymentDocument> {
  const parsed = manualSchema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest(`The deployment request is not valid: ${describeZodError(parsed.error)}`);
  const commit = parsed.data.commit?.toLowerCase();
  if (commit !== undefined && !isCommitId(commit)) throw badRequest(`"${parsed.data.commit}" is not a commit id (40 hex digits).`);
  const source = await findSource(db, caller, parsed.data.source);
  const row = await db.deployment.create({
    data: {
      namespaceId: caller.namespaceId,
      sourceId: source.id,
      sourceName: source.name,
      project: source.name,
      commit: commit ?? null,
      ref: `refs/heads/${source.branch}`,
      cause: 'manual',
      logs: [],
    },
    select: deploymentColumns,
  });
  await enqueueDeployment(queue, row.id);
  return toDeploymentDocument(caller.namespace, row);
}

/**
 * Makes the project's entities what `id` left them, from the project it
 * stored: nothing is fetched or rebuilt. Runs as a deployment of its own, in
 * the source's order.
 */
export async function startRollback(db: Db, queue: DeployQueue, caller: Caller, id: string): Promise<DeploymentDocument> {
  assertDeploymentId(id);
  const target = await db.deployment.findFirst({
    where: { id, namespaceId: caller.namespaceId },
    select: { ...deploymentColumns, sourceId: true, spec: true },
  });
  if (!target) throw notFound(`The deployment ${id} does not exist.`);
  if (target.status !== 'succeeded' || target.spec === null) {
    throw conflict(
      target.status === 'succeeded'
        ? `The deployment ${id} no longer keeps its project: Brisk keeps the project of the last ${KEEP_SPECS} succeeded deployments of each project. Deploy its commit instead.`
        : `The deployment ${id} is ${target.status}; only a succeeded deployment can be rolled back to.`,
    );
  }
  const row = await db.deployment.create({
    data: {
      namespaceId: caller.namespaceId,
      sourceId: target.sourceId,
      sourceName: target.sourceName,
      project: target.project,
      commit: target.commit,
      ref: target.ref,
      message: target.message,
      author: target.author,
      cause: 'rollback',
      rollbackOf: target.id,
      spec: target.spec as Prisma.InputJsonValue,
      logs: [],
    },
    select: deploymentColumns,
  });
  await enqueueDeployment(queue, row.id);
  return toDeploymentDocument(caller.namespace, row);
}
