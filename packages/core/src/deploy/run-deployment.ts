// Runs one queued deployment: fetch exactly its commit, parse the project,
// deploy it through the engine, record the outcome and post commit statuses.
// Deployments of a source run in the order they were made; one that a newer
// deployment of the same source has overtaken ends `superseded` instead, so
// an older commit never overwrites a newer one.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Db, Prisma } from '@brisk/db';
import type { Redis } from 'ioredis';
import { badRequest, isBriskError } from '../errors.ts';
import type { InvocableCache } from '../invocable-cache.ts';
import type { Caller } from '../namespaces.ts';
import { type CommitState, type CommitStatus, postCommitStatuses, type StatusTarget } from './commit-status.ts';
import { DeploymentLog } from './deployment-log.ts';
import { isFinishedDeployment } from './deployment-status.ts';
import { pruneDeploymentHistory } from './deployment-retention.ts';
import { deployProject, SupersededError } from './engine/deploy-project.ts';
import type { EntityChange } from './engine/plan.ts';
import { fetchCommit } from './git/fetch-commit.ts';
import { githubRepoOf } from './git/repository-url.ts';
import { directoryFiles, parseProject } from './manifest/index.ts';
import { budgetedFiles } from './project-budget.ts';
import { projectOwner } from './project-owner.ts';
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

const MAX_ERROR_CHARS = 8_000;

/** Replaces every secret (of 4 characters or more: shorter ones would blank ordinary words) with "***". */
function redactor(secrets: (string | undefined)[]): (text: string) => string {
  const values = [...new Set(secrets.filter((value): value is string => typeof value === 'string' && value.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, value) => out.split(value).join('***'), text);
}

/**
 * A project belongs to the source that last deployed it: another source (or
 * an upload) naming the same project would take over, or delete, its entities.
 */
async function assertProjectFree(db: Db, namespaceId: string, project: string, sourceId: string | null): Promise<void> {
  const last = await projectOwner(db, namespaceId, project);
  if (last?.sourceId && last.sourceId !== sourceId) {
    throw badRequest(
      `The project ${project} is deployed from the source ${last.sourceName}; give this project another name (project.name in the manifest), or disconnect that source first.`,
    );
  }
}

/** A failure of the deployment itself (its project, its repository), as opposed to the platform's. */
function isDeploymentFailure(error: unknown): boolean {
  return error instanceof ProjectError || isBriskError(error) || (error as { deploymentFailure?: boolean }).deploymentFailure === true;
}

export async function runDeployment(deps: DeploymentRunnerDeps, deploymentId: string, options: { lastAttempt: boolean }): Promise<void> {
  const { db } = deps;
  const row = await db.deployment.findUnique({ where: { id: deploymentId }, include: { source: true, namespace: { select: { name: true } } } });
  if (!row || isFinishedDeployment(row.status)) return;
  const log = new DeploymentLog(db, deps.redis, deps.redisPrefix, deploymentId, row.logs.length);

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
  // Nothing the source keeps secret reaches a log line, an error or a commit status (the parser may quote an input's value).
  const redact = redactor([secrets?.token, ...Object.values(secrets?.variables ?? {})]);
  const line = (text: string) => log.line(redact(text));
  let statusTarget: StatusTarget | undefined;
  let spec: ProjectSpec | undefined;
  let commit = row.commit;
  const scratch = await mkdtemp(path.join(deps.scratchDir, 'deploy-'));
  try {
    if (row.spec !== null) {
      spec = row.spec as unknown as ProjectSpec;
      line(
        row.cause === 'rollback' ? `restoring the project ${spec.name} as deployment ${row.rollbackOf} left it` : `deploying the uploaded project ${spec.name}`,
      );
    } else {
      const source = row.source;
      if (!source) throw Object.assign(new Error('the source of this deployment was deleted'), { deploymentFailure: true });
      if (!secrets) throw Object.assign(new Error('the operator has not set BRISK_SECRETS_KEY'), { deploymentFailure: true });
      line(`fetching ${commit ? `commit ${commit}` : `the head of ${source.branch}`} from ${source.repository}`);
      const fetched = await fetchCommit({
        url: source.repository,
        commit: commit ?? undefined,
        branch: source.branch,
        token: secrets.token,
        into: scratch,
        timeoutMs: deps.settings.fetchTimeoutMs,
        maxBytes: deps.settings.maxRepositoryBytes,
        allowPrivateNetwork: deps.settings.allowPrivateNetwork,
        onProgress: (progress) => line(`git: ${progress}`),
      });
      commit = fetched.commit;
      if (row.commit !== commit) await db.deployment.update({ where: { id: row.id }, data: { commit } });
      statusTarget = commitStatusTarget(deps.settings, source.repository, secrets.token, fetched.commit);
      if (statusTarget) await postStatuses(log, statusTarget, [summaryStatus(deps.settings, row.id, 'pending', 'Deploying')]);
      line(`parsing the project${source.path ? ` in ${source.path}/` : ''}`);
      spec = await parseProject(budgetedFiles(directoryFiles(fetched.dir)), {
        defaultName: source.name,
        variables: secrets.variables,
        root: source.path || undefined,
      });
    }
    line(`deploying ${spec.actions.length} actions, ${spec.packages.length} packages, ${spec.triggers.length} triggers and ${spec.rules.length} rules`);
    await assertProjectFree(db, row.namespaceId, spec.name, row.sourceId);
    const changes = await deployProject(deps, caller, spec, {
      deploymentId: row.id,
      // Checked again under the lock: another worker may have deployed a newer commit of this source meanwhile.
      overtakenBy: async (tx) =>
        row.sourceId
          ? (
              await tx.deployment.findFirst({
                where: { sourceId: row.sourceId, status: 'succeeded', createdAt: { gt: row.createdAt } },
                select: { id: true },
              })
            )?.id
          : undefined,
    });
    for (const change of changes)
      if (change.change !== 'unchanged') line(`${change.change} ${change.entity} ${change.name}${change.version ? ` (${change.version})` : ''}`);
    const unchanged = changes.filter((change) => change.change === 'unchanged').length;
    line(`succeeded: ${changes.length - unchanged} changed, ${unchanged} unchanged`);
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
    if (error instanceof SupersededError) {
      line(error.message);
      await log.flush();
      await db.deployment.update({ where: { id: row.id }, data: { status: 'superseded', endedAt: new Date() } });
      return;
    }
    if (!isDeploymentFailure(error) && !options.lastAttempt) {
      line(`the platform failed (${(error as Error).message}); the deployment will be retried`);
      await log.flush();
      throw error;
    }
    const full = redact(error instanceof Error ? error.message : String(error));
    const message = full.length > MAX_ERROR_CHARS ? `${full.slice(0, MAX_ERROR_CHARS)}… (the log has every problem)` : full;
    if (error instanceof ProjectError) for (const problem of error.problems) line(`error: ${describeProblem(problem)}`);
    else line(`error: ${full}`);
    await log.flush();
    await db.deployment.update({
      where: { id: row.id },
      data: { status: 'failed', endedAt: new Date(), error: message, ...(spec ? { project: spec.name } : {}) },
    });
    if (statusTarget) await postStatuses(log, statusTarget, finalStatuses(deps.settings, row.id, spec, [], message));
  } finally {
    await log.flush();
    await rm(scratch, { recursive: true, force: true });
    // History is trimmed as it grows; a failure to trim costs only space, never the deployment.
    await pruneDeploymentHistory(db, row.namespaceId, spec?.name ?? row.project).catch(() => undefined);
  }
}

function commitStatusTarget(settings: DeploySettings, repository: string, token: string | undefined, commit: string): StatusTarget | undefined {
  if (!token) return undefined;
  // The token goes only to the GitHub that hosts the repository (a GitLab token has no business at api.github.com).
  const repositoryUrl = new URL(repository);
  const apiHost = new URL(settings.githubApiUrl).hostname;
  if (repositoryUrl.hostname !== apiHost && !(repositoryUrl.hostname === 'github.com' && apiHost === 'api.github.com')) return undefined;
  const repo = githubRepoOf(repositoryUrl);
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
