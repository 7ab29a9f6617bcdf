// The deploy engine, the one way every deployment (push, manual, rollback,
// upload) changes a namespace: validate the whole project, plan, then apply
// the plan in one transaction. A problem anywhere changes nothing.
import { createHash } from 'node:crypto';
import type { Db, Prisma } from '@brisk/db';
import { resolveInvocable } from '../../action-resolver.ts';
import type { CoreDeps } from '../../deps.ts';
import { isBriskError } from '../../errors.ts';
import { noteActionsChanged } from '../../invocable-cache.ts';
import type { Caller } from '../../namespaces.ts';
import { parseFullyQualifiedName } from '../../qualified-names.ts';
import { assertProjectSize } from '../project-budget.ts';
import { ProjectError, type ProjectProblem, type ProjectSpec } from '../project-spec.ts';
import { type DesiredState, desiredState } from './desired-state.ts';
import { type AlarmWork, applyPlan } from './apply.ts';
import { openAlarmQueue, scheduleAlarm, unscheduleAlarm } from '../../feeds/alarm-schedules.ts';
import { type EntityChange, planDeployment } from './plan.ts';

/** A project deployed with many large actions must still fit; Prisma's default is 5 s. */
const TRANSACTION_TIMEOUT_MS = 120_000;

/** The deployment was overtaken by a newer one of its source while it ran: it applies nothing. */
export class SupersededError extends Error {
  constructor(readonly by: string) {
    super(`superseded by deployment ${by}, which is newer`);
    this.name = 'SupersededError';
  }
}

export interface DeployOptions {
  deploymentId: string;
  /**
   * Asked under the namespace's deploy lock, just before applying: the id of
   * a newer deployment that has run meanwhile, if any (then nothing is applied).
   */
  overtakenBy?: (tx: Prisma.TransactionClient) => Promise<string | undefined>;
  /** The manifest's file name, for the whisk-managed annotation. */
  file?: string;
}

export function projectHash(spec: ProjectSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex');
}

/** Deploys `spec` into the caller's namespace; throws ProjectError listing every problem. */
export async function deployProject(
  deps: Pick<CoreDeps, 'db' | 'redis' | 'redisPrefix' | 'invocables'>,
  caller: Caller,
  spec: ProjectSpec,
  options: DeployOptions,
): Promise<EntityChange[]> {
  assertProjectSize(spec);
  const problems: ProjectProblem[] = [];
  const desired = desiredState(caller, spec, problems);
  await checkForeignReferences(deps.db, caller, desired, problems);
  if (problems.length > 0) throw new ProjectError(problems);

  const managed = { projectName: spec.name, projectHash: projectHash(spec), file: options.file ?? 'manifest.yaml', deployment: options.deploymentId };
  const alarms: AlarmWork = { schedule: [], unschedule: [] };
  const changes = await deps.db.$transaction(
    async (tx) => {
      // One deployment at a time per namespace: two projects (or two
      // deliveries) planning against the same rows would race.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`brisk-deploy:${caller.namespaceId}`}, 0))`;
      const newer = await options.overtakenBy?.(tx);
      if (newer) throw new SupersededError(newer);
      const plan = await planDeployment(tx, caller, desired, spec.name);
      if (plan.problems.length > 0) throw new ProjectError(plan.problems);
      return applyPlan(tx, caller, plan, managed, alarms);
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
  await updateAlarms(deps, alarms);
  if (changes.some((change) => change.entity === 'action' && change.change !== 'unchanged')) await noteActionsChanged(deps);
  return changes;
}

/**
 * Makes the schedules in Redis what the committed feeds say: old ones first,
 * as a changed alarm keeps its scheduler's id. Should Redis fail here, the
 * feeds in Postgres are already right and the workers' reconciliation
 * schedules them within a minute.
 */
async function updateAlarms(deps: Pick<CoreDeps, 'redis' | 'redisPrefix'>, work: AlarmWork): Promise<void> {
  if (work.schedule.length === 0 && work.unschedule.length === 0) return;
  const queue = openAlarmQueue(deps.redis, deps.redisPrefix);
  try {
    for (const { triggerId, config } of work.unschedule) await unscheduleAlarm(queue, triggerId, config);
    for (const { triggerId, config } of work.schedule) await scheduleAlarm(queue, triggerId, config);
  } catch {
    // Left to the reconciliation (feeds/reconcile.ts).
  } finally {
    await queue.close();
  }
}

/**
 * A rule or a sequence may run another namespace's published action (a
 * /whisk.system utility); whether the caller may is the resolver's call.
 */
async function checkForeignReferences(db: Db, caller: Caller, desired: DesiredState, problems: ProjectProblem[]): Promise<void> {
  const references = [
    ...desired.rules.map((rule) => ({ name: rule.action, at: rule.at, entity: `rule ${rule.name}` })),
    ...desired.actions.flatMap((action) =>
      action.components.map((component) => ({
        name: component,
        at: action.at,
        entity: `action ${action.packageName ? `${action.packageName}/` : ''}${action.name}`,
      })),
    ),
  ];
  for (const reference of references) {
    if (reference.name.startsWith(`/${caller.namespace}/`)) continue;
    const name = parseFullyQualifiedName(reference.name, caller.namespace);
    try {
      await resolveInvocable(db, caller, { packageName: name.packageName, name: name.name }, name.namespace);
    } catch (error) {
      if (!isBriskError(error)) throw error;
      problems.push({ ...reference.at, entity: reference.entity, message: error.message });
    }
  }
}
