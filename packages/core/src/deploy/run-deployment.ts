// Runs one queued deployment: fetch exactly its commit, parse the project,
// deploy it through the engine, record the outcome and post commit statuses.
// Deployments of a source run in the order they were made; one that a newer
// deployment of the same source has overtaken ends `superseded` instead, so
// an older commit never overwrites a newer one.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Db, Prisma } from '@brisk/db';
import type { Redis } from 'ioredis';
import { isBriskError } from '../errors.ts';
import type { InvocableCache } from '../invocable-cache.ts';
import type { Caller } from '../namespaces.ts';
import { type CommitState, type CommitStatus, postCommitStatuses, type StatusTarget } from './commit-status.ts';
import { DeploymentLog } from './deployment-log.ts';
import { deployProject } from './engine/deploy-project.ts';
import type { EntityChange } from './engine/plan.ts';
import { fetchCommit } from './git/fetch-commit.ts';
import { githubRepoOf } from './git/repository-url.ts';
import { directoryFiles, parseProject } from './manifest/index.ts';
import { describeProblem, ProjectError, type ProjectSpec } from './project-spec.ts';
import type { DeploySettings } from './settings.ts';
import { unsealSource } from './sources.ts';

export interface DeploymentRunnerDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  invocables?: InvocableCache;
  settings: DeploySettings;
  /** Where repositories are checked out, one fresh folder per deployment. */
  scratchDir: string;
}

const FINISHED = new Set(['succeeded', 'failed', 'superseded']);

/** A failure of the deployment itself (its project, its repository), as opposed to the platform's. */
function isDeploymentFailure(error: unknown): boolean {
  return error instanceof ProjectError || isBriskError(error) || (error as { deploymentFailure?: boolean }).deploymentFailure === true;
}

export async function runDeployment(deps: DeploymentRunnerDeps, deploymentId: string, options: { lastAttempt: boolean }): Promise<void> {
  const { db } = deps;
  const row = await db.deployment.findUnique({ where: { id: deploymentId }, include: { source: true, namespace: { select: { name: true } } } });
  if (!row || FINISHED.has(row.status)) return;
  const log = new DeploymentLog(db, deps.redis, deps.redisPrefix, deploymentId);

  if (row.sourceId) {
    const newer = await db.deployment.findFirst({
      where: { sourceId: row.sourceId, createdAt: { gt: row.createdAt }, id: { not: row.id } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, commit: true },
    });
    if (newer) {
      log.line(`superseded by deployment ${newer.id}${newer.commit ? ` (commit ${newer.commit.slice(0, 12)})` : ''}, which is newer`);
      await log.flush();
      await db.deployment.update({ where: { id: row.id }, data: { status: 'superseded', endedAt: new Date() } });
      return;
    }
  }

  await db.deployment.update({ where: { id: row.id }, data: { status: 'running', startedAt: row.startedAt ?? new Date() } });
  const caller: Caller = { namespaceId: row.namespaceId, namespace: row.namespace.name, subject: row.namespace.name };
  const secrets = row.source && deps.settings.secretsKey ? unsealSource(deps.settings.secretsKey, row.source) : undefined;
  let statusTarget: StatusTarget | undefined;
  let spec: ProjectSpec | undefined;
  let commit = row.commit;
  const scratch = await mkdtemp(path.join(deps.scratchDir, 'deploy-'));
  try {
    if (row.spec !== null) {
      spec = row.spec as unknown as ProjectSpec;
      log.line(
        row.cause === 'rollback' ? `restoring the project ${spec.name} as deployment ${row.rollbackOf} left it` : `deploying the uploaded project ${spec.name}`,
      );
    } else {
      const source = row.source;
      if (!source) throw Object.assign(new Error('the source of this deployment was deleted'), { deploymentFailure: true });
      if (!secrets) throw Object.assign(new Error('the operator has not set BRISK_SECRETS_KEY'), { deploymentFailure: true });
      log.line(`fetching ${commit ? `commit ${commit}` : `the head of ${source.branch}`} from ${source.repository}`);
      const fetched = await fetchCommit({
        url: source.repository,
        commit: commit ?? undefined,
        branch: source.branch,
        token: secrets.token,
        into: scratch,
        timeoutMs: deps.settings.fetchTimeoutMs,
        maxBytes: deps.settings.maxRepositoryBytes,
        allowPrivateNetwork: deps.settings.allowPrivateNetwork,
        onProgress: (line) => log.line(`git: ${line}`),
      });
      commit = fetched.commit;
      if (row.commit !== commit) await db.deployment.update({ where: { id: row.id }, data: { commit } });
      statusTarget = commitStatusTarget(deps.settings, source.repository, secrets.token, fetched.commit);
      if (statusTarget) await postStatuses(log, statusTarget, [summaryStatus(deps.settings, row.id, 'pending', 'Deploying')]);
      log.line(`parsing the project${source.path ? ` in ${source.path}/` : ''}`);
      spec = await parseProject(directoryFiles(fetched.dir), { defaultName: source.name, variables: secrets.variables, root: source.path || undefined });
    }
    log.line(`deploying ${spec.actions.length} actions, ${spec.packages.length} packages, ${spec.triggers.length} triggers and ${spec.rules.length} rules`);
    const changes = await deployProject(deps, caller, spec, { deploymentId: row.id });
    for (const change of changes)
      if (change.change !== 'unchanged') log.line(`${change.change} ${change.entity} ${change.name}${change.version ? ` (${change.version})` : ''}`);
    const unchanged = changes.filter((change) => change.change === 'unchanged').length;
    log.line(`succeeded: ${changes.length - unchanged} changed, ${unchanged} unchanged`);
    await log.flush();
    await db.deployment.update({
      where: { id: row.id },
      data: {
        status: 'succeeded',
        endedAt: new Date(),
        project: spec.name,
        changes: changes as unknown as Prisma.InputJsonValue,
        spec: spec as unknown as Prisma.InputJsonValue,
      },
    });
    if (statusTarget) await postStatuses(log, statusTarget, finalStatuses(deps.settings, row.id, spec, changes, undefined));
  } catch (error) {
    if (!isDeploymentFailure(error) && !options.lastAttempt) {
      log.line(`the platform failed (${(error as Error).message}); the deployment will be retried`);
      await log.flush();
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ProjectError) for (const problem of error.problems) log.line(`error: ${describeProblem(problem)}`);
    else log.line(`error: ${message}`);
    await log.flush();
    await db.deployment.update({
      where: { id: row.id },
      data: { status: 'failed', endedAt: new Date(), error: message, ...(spec ? { project: spec.name } : {}) },
    });
    if (statusTarget) await postStatuses(log, statusTarget, finalStatuses(deps.settings, row.id, spec, [], message));
  } finally {
    await log.flush();
    await rm(scratch, { recursive: true, force: true });
  }
}

function commitStatusTarget(settings: DeploySettings, repository: string, token: string | undefined, commit: string): StatusTarget | undefined {
  if (!token) return undefined;
  const repo = githubRepoOf(new URL(repository));
  return repo ? { apiUrl: settings.githubApiUrl, token, owner: repo.owner, repo: repo.repo, commit } : undefined;
}

function deploymentUrl(settings: DeploySettings, id: string): string | undefined {
  return settings.publicUrl ? `${settings.publicUrl}/deployments/${id}` : undefined;
}

function summaryStatus(settings: DeploySettings, id: string, state: CommitState, description: string): CommitStatus {
  return { state, context: 'brisk', description, targetUrl: deploymentUrl(settings, id) };
}

/** One status per package (the default package's actions count as "default"), then the summary. */
function finalStatuses(
  settings: DeploySettings,
  id: string,
  spec: ProjectSpec | undefined,
  changes: EntityChange[],
  error: string | undefined,
): CommitStatus[] {
  const state: CommitState = error ? 'failure' : 'success';
  const packages = new Set(spec?.actions.map((action) => action.packageName || 'default') ?? []);
  for (const pkg of spec?.packages ?? []) packages.add(pkg.name);
  const statuses = [...packages].sort().map((pkg) => {
    const own = changes.filter((change) => change.entity === 'action' && (change.name.includes('/') ? change.name.split('/')[0] : 'default') === pkg);
    const changed = own.filter((change) => change.change !== 'unchanged').length;
    const description = error ? 'Not deployed: the deployment failed' : `${own.length} actions, ${changed} changed`;
    return { state, context: `brisk/${pkg}`, description, targetUrl: deploymentUrl(settings, id) };
  });
  return [
    ...statuses,
    summaryStatus(settings, id, state, error ? error.split('\n')[0]! : `Deployed: ${changes.filter((change) => change.change !== 'unchanged').length} changes`),
  ];
}

async function postStatuses(log: DeploymentLog, target: StatusTarget, statuses: CommitStatus[]): Promise<void> {
  for (const failure of await postCommitStatuses(target, statuses)) log.line(`warning: ${failure}`);
}

/**
 * Deployments recorded but not on the queue (Redis was down when they were
 * made, or lost them): put back, oldest first. The job id is the deployment's,
 * so one still queued is not added twice.
 */
export async function strandedDeployments(db: Db, olderThanMs: number): Promise<string[]> {
  const rows = await db.deployment.findMany({
    where: { status: { in: ['queued', 'running'] }, createdAt: { lt: new Date(Date.now() - olderThanMs) } },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
    take: 100,
  });
  return rows.map((row) => row.id);
}
