// Carries out a plan inside the caller's transaction, in an order that keeps
// every reference valid at each step: packages before their actions, actions
// before the sequences and rules that name them, deletions last.
import type { Prisma } from '@brisk/db';
import type { Caller } from '../../namespaces.ts';
import { bumpPatch } from '../../versions.ts';
import type { AlarmConfig } from '../../feeds/alarm-config.ts';
import { actionPath, type DesiredAction, type DesiredTrigger } from './desired-state.ts';
import { type ManagedBy, withManaged } from './managed.ts';
import type { EntityChange, Plan, Step } from './plan.ts';

type Tx = Prisma.TransactionClient;
type Json = Prisma.InputJsonValue;

function versionAfter(step: Step<unknown>): string {
  return step.existing ? bumpPatch(step.existing.version) : '0.0.1';
}

/** What the alarms in Redis must become once the transaction has committed. */
export interface AlarmWork {
  schedule: { triggerId: string; config: AlarmConfig }[];
  unschedule: { triggerId: string; config: AlarmConfig }[];
}

export async function applyPlan(tx: Tx, caller: Caller, plan: Plan, managed: ManagedBy, alarms: AlarmWork): Promise<EntityChange[]> {
  const changes: EntityChange[] = [];
  const namespaceId = caller.namespaceId;
  const note = (entity: EntityChange['entity'], name: string, step: Step<unknown>, version: string) =>
    changes.push({ entity, name, change: step.change, version });

  const packageIds = new Map<string, string>();
  for (const step of plan.packages) {
    const pkg = step.desired;
    if (!pkg) continue;
    if (step.change === 'unchanged') {
      packageIds.set(pkg.name, step.existing!.id);
      note('package', pkg.name, step, step.existing!.version);
      continue;
    }
    const version = versionAfter(step);
    const data = { publish: pkg.publish, parameters: pkg.parameters as Json, annotations: withManaged(pkg.annotations, managed) as Json, version };
    const row = step.existing
      ? await tx.package.update({ where: { id: step.existing.id }, data, select: { id: true } })
      : await tx.package.create({ data: { ...data, namespaceId, name: pkg.name }, select: { id: true } });
    packageIds.set(pkg.name, row.id);
    note('package', pkg.name, step, version);
  }

  // Plain actions first: a sequence's components must exist when it is written.
  const ordered = [...plan.actions].sort((a, b) => Number((a.desired?.components.length ?? 0) > 0) - Number((b.desired?.components.length ?? 0) > 0));
  for (const step of ordered) {
    const action = step.desired;
    if (!action) continue;
    if (step.change === 'unchanged') {
      note('action', actionPath(action), step, step.existing!.version);
      continue;
    }
    const version = versionAfter(step);
    const state = actionRowState(action, managed, version);
    const row = step.existing
      ? await tx.action.update({ where: { id: step.existing.id }, data: state, select: { id: true } })
      : await tx.action.create({
          data: {
            ...state,
            namespaceId,
            packageName: action.packageName,
            packageId: action.packageName ? (packageIds.get(action.packageName) ?? null) : null,
            name: action.name,
          },
          select: { id: true },
        });
    await tx.actionVersion.create({ data: { actionId: row.id, ...state } });
    note('action', actionPath(action), step, version);
  }

  for (const step of plan.triggers) {
    const trigger = step.desired;
    if (!trigger) continue;
    if (step.change === 'unchanged') {
      note('trigger', trigger.name, step, step.existing!.version);
      continue;
    }
    const version = versionAfter(step);
    const data = { parameters: trigger.parameters as Json, annotations: withManaged(trigger.annotations, managed) as Json, version };
    const { id } = step.existing
      ? await tx.trigger.update({ where: { id: step.existing.id }, data, select: { id: true } })
      : await tx.trigger.create({ data: { ...data, namespaceId, name: trigger.name }, select: { id: true } });
    await applyFeed(tx, id, trigger, plan.feedConfigs.get(trigger.name), step.existing?.feed, alarms);
    note('trigger', trigger.name, step, version);
  }

  for (const step of plan.rules) {
    const rule = step.desired;
    if (!rule) continue;
    if (step.change === 'unchanged') {
      note('rule', rule.name, step, step.existing!.version);
      continue;
    }
    const version = versionAfter(step);
    const data = { trigger: rule.trigger, action: rule.action, annotations: withManaged([], managed) as Json, version };
    if (step.existing) await tx.rule.update({ where: { id: step.existing.id }, data });
    else await tx.rule.create({ data: { ...data, namespaceId, name: rule.name, status: 'active' } });
    note('rule', rule.name, step, version);
  }

  const deleted = <R>(steps: { change: string; existing?: R }[]): R[] => steps.filter((step) => step.change === 'deleted').map((step) => step.existing!);
  for (const row of deleted(plan.rules)) {
    await tx.rule.delete({ where: { id: row.id } });
    changes.push({ entity: 'rule', name: row.name, change: 'deleted', version: row.version });
  }
  for (const row of deleted(plan.actions)) {
    await tx.action.delete({ where: { id: row.id } });
    changes.push({ entity: 'action', name: actionPath(row), change: 'deleted', version: row.version });
  }
  for (const row of deleted(plan.triggers)) {
    // Its feed goes with it (a cascade); its schedule once this commits.
    if (row.feed) alarms.unschedule.push({ triggerId: row.id, config: row.feed.config as AlarmConfig });
    await tx.trigger.delete({ where: { id: row.id } });
    changes.push({ entity: 'trigger', name: row.name, change: 'deleted', version: row.version });
  }
  for (const row of deleted(plan.packages)) {
    await tx.package.delete({ where: { id: row.id } });
    changes.push({ entity: 'package', name: row.name, change: 'deleted', version: row.version });
  }
  return changes;
}

/** A trigger's feed as the project declares it: kept, replaced (enabled again, failures forgotten) or dropped. */
async function applyFeed(
  tx: Tx,
  triggerId: string,
  trigger: DesiredTrigger,
  config: AlarmConfig | undefined,
  before: { config: unknown } | null | undefined,
  alarms: AlarmWork,
): Promise<void> {
  if (before) alarms.unschedule.push({ triggerId, config: before.config as AlarmConfig });
  if (!trigger.feed || !config) {
    if (before) await tx.triggerFeed.deleteMany({ where: { triggerId } });
    return;
  }
  const state = { feed: `/whisk.system/alarms/${trigger.feed.name}`, config: config as unknown as Json, params: trigger.feed.params as Json };
  const fresh = { active: true, reason: null, failures: 0, statusChangedAt: new Date() };
  await tx.triggerFeed.upsert({ where: { triggerId }, create: { triggerId, ...state }, update: { ...state, ...fresh } });
  alarms.schedule.push({ triggerId, config });
}

function actionRowState(action: DesiredAction, managed: ManagedBy, version: string) {
  return {
    version,
    kind: action.kind,
    code: action.code,
    main: action.main,
    binary: action.binary,
    image: action.image,
    components: action.components,
    parameters: action.parameters as Json,
    annotations: withManaged(action.annotations, managed) as Json,
    timeoutMs: action.timeoutMs,
    memoryMb: action.memoryMb,
    logsMb: action.logsMb,
    concurrency: action.concurrency,
  };
}
