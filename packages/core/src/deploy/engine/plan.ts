// Compares what a project asks for with what the namespace holds: each entity
// is created, updated, deleted or left unchanged. An entity the project does
// not manage is never touched; one in the way of the project is a problem.
import { canonicalJson } from '../../canonical-json.ts';
import { type AlarmConfig, AlarmParameterError, alarmConfig } from '../../feeds/alarm-config.ts';
import type { Prisma } from '@brisk/db';
import { actionColumns } from '../../actions.ts';
import type { Caller } from '../../namespaces.ts';
import type { ProjectProblem } from '../project-spec.ts';
import { actionPath, type DesiredAction, type DesiredPackage, type DesiredRule, type DesiredState, type DesiredTrigger } from './desired-state.ts';
import { managedBy, managedByFilter, withoutManaged } from './managed.ts';

export type EntityType = 'package' | 'action' | 'trigger' | 'rule';
export type ChangeType = 'created' | 'updated' | 'deleted' | 'unchanged';

/** One line of a deployment's outcome. */
export interface EntityChange {
  entity: EntityType;
  /** The entity's path in the namespace: "pkg/name", "name". */
  name: string;
  change: ChangeType;
  /** The version the entity has after the deployment (the deleted one's last). */
  version?: string;
}

interface Existing {
  id: string;
  name: string;
  version: string;
  annotations: unknown;
}

export interface Step<D, R extends Existing = Existing> {
  change: ChangeType;
  desired?: D;
  existing?: R;
}

export interface Plan {
  packages: Step<DesiredPackage>[];
  actions: Step<DesiredAction, Existing & { packageName: string }>[];
  triggers: Step<DesiredTrigger, Existing & { feed: { config: unknown } | null }>[];
  rules: Step<DesiredRule>[];
  /** The alarm of each trigger created or changed with a feed, checked; by trigger name. */
  feedConfigs: Map<string, AlarmConfig>;
  problems: ProjectProblem[];
}

/**
 * Checks the feed of each trigger the plan creates or changes, as the feed
 * action would at CREATE. An unchanged one is not checked again: a start
 * date that has since passed is no reason to refuse the next deployment.
 */
function alarmConfigsOf(triggers: Step<DesiredTrigger>[], problems: ProjectProblem[]): Map<string, AlarmConfig> {
  const configs = new Map<string, AlarmConfig>();
  for (const step of triggers) {
    const trigger = step.desired;
    if (!trigger?.feed || step.change === 'unchanged') continue;
    try {
      configs.set(trigger.name, alarmConfig(trigger.feed.name, trigger.feed.params, Date.now()));
    } catch (error) {
      if (!(error instanceof AlarmParameterError)) throw error;
      problems.push({ ...trigger.at, entity: `trigger ${trigger.name}`, message: `its feed /whisk.system/alarms/${trigger.feed.name}: ${error.message}` });
    }
  }
  return configs;
}

type Tx = Prisma.TransactionClient;

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function actionState(row: Omit<DesiredAction, 'at'> | Record<string, unknown>) {
  const r = row as Record<string, unknown>;
  return {
    kind: r.kind,
    code: r.code ?? null,
    main: r.main ?? null,
    binary: r.binary,
    image: r.image ?? null,
    components: r.components,
    parameters: r.parameters,
    annotations: withoutManaged(r.annotations),
    timeoutMs: r.timeoutMs,
    memoryMb: r.memoryMb,
    logsMb: r.logsMb,
    concurrency: r.concurrency,
  };
}

function stepsFor<D, R extends Existing>(
  desired: D[],
  found: Map<string, R>,
  managed: R[],
  keyOf: (entity: D | R) => string,
  describe: string,
  unchanged: (desired: D, existing: R) => boolean,
  projectName: string,
  problems: ProjectProblem[],
  at: (desired: D) => { file: string; line?: number },
): Step<D, R>[] {
  const steps: Step<D, R>[] = [];
  const wanted = new Set<string>();
  for (const entity of desired) {
    const key = keyOf(entity);
    wanted.add(key);
    const existing = found.get(key);
    if (!existing) {
      steps.push({ change: 'created', desired: entity });
      continue;
    }
    const owner = managedBy(existing.annotations);
    if (owner?.projectName !== projectName) {
      const whose = owner ? `is managed by the project ${owner.projectName}` : 'was not created by this project';
      problems.push({
        ...at(entity),
        entity: `${describe} ${key}`,
        message: `the namespace already has a ${describe} ${key} that ${whose}; rename one of them or delete it first.`,
      });
      continue;
    }
    steps.push({ change: unchanged(entity, existing) ? 'unchanged' : 'updated', desired: entity, existing });
  }
  for (const existing of managed) if (!wanted.has(keyOf(existing))) steps.push({ change: 'deleted', existing });
  return steps;
}

export async function planDeployment(tx: Tx, caller: Caller, desired: DesiredState, projectName: string): Promise<Plan> {
  const problems: ProjectProblem[] = [];
  const namespaceId = caller.namespaceId;
  const managed = managedByFilter(projectName);

  const packageRows = await tx.package.findMany({
    where: { namespaceId, OR: [{ annotations: managed }, { name: { in: desired.packages.map((pkg) => pkg.name) } }] },
    select: { id: true, version: true, name: true, publish: true, parameters: true, annotations: true, bindingName: true },
  });
  const packages = stepsFor(
    desired.packages,
    new Map(packageRows.map((row) => [row.name, row])),
    packageRows.filter((row) => managedBy(row.annotations)?.projectName === projectName),
    (pkg) => pkg.name,
    'package',
    (want, row) =>
      !row.bindingName && want.publish === row.publish && same(want.parameters, row.parameters) && same(want.annotations, withoutManaged(row.annotations)),
    projectName,
    problems,
    (pkg) => pkg.at,
  );

  const actionRows = await tx.action.findMany({
    where: {
      namespaceId,
      OR: [{ annotations: managed }, ...desired.actions.map((action) => ({ packageName: action.packageName, name: action.name }))],
    },
    select: actionColumns,
  });
  const actions = stepsFor(
    desired.actions,
    new Map(actionRows.map((row) => [actionPath(row), row])),
    actionRows.filter((row) => managedBy(row.annotations)?.projectName === projectName),
    actionPath,
    'action',
    (want, row) => same(actionState(want), actionState(row)),
    projectName,
    problems,
    (action) => action.at,
  );

  const triggerRows = await tx.trigger.findMany({
    where: { namespaceId, OR: [{ annotations: managed }, { name: { in: desired.triggers.map((trigger) => trigger.name) } }] },
    select: { id: true, version: true, name: true, parameters: true, annotations: true, feed: { select: { feed: true, params: true, config: true } } },
  });
  const triggers = stepsFor(
    desired.triggers,
    new Map(triggerRows.map((row) => [row.name, row])),
    triggerRows.filter((row) => managedBy(row.annotations)?.projectName === projectName),
    (trigger) => trigger.name,
    'trigger',
    (want, row) =>
      same(want.parameters, row.parameters) &&
      same(want.annotations, withoutManaged(row.annotations)) &&
      same(
        want.feed ? { feed: `/whisk.system/alarms/${want.feed.name}`, params: want.feed.params } : null,
        row.feed ? { feed: row.feed.feed, params: row.feed.params } : null,
      ),
    projectName,
    problems,
    (trigger) => trigger.at,
  );
  const feedConfigs = alarmConfigsOf(triggers, problems);

  const ruleRows = await tx.rule.findMany({
    where: { namespaceId, OR: [{ annotations: managed }, { name: { in: desired.rules.map((rule) => rule.name) } }] },
    select: { id: true, version: true, name: true, trigger: true, action: true, annotations: true },
  });
  const rules = stepsFor(
    desired.rules,
    new Map(ruleRows.map((row) => [row.name, row])),
    ruleRows.filter((row) => managedBy(row.annotations)?.projectName === projectName),
    (rule) => rule.name,
    'rule',
    (want, row) => want.trigger === row.trigger && want.action === row.action && withoutManaged(row.annotations).length === 0,
    projectName,
    problems,
    (rule) => rule.at,
  );

  await checkReferences(tx, caller, { packages, actions, triggers, rules, feedConfigs, problems });
  return { packages, actions, triggers, rules, feedConfigs, problems };
}

/**
 * What the plan leaves in place must hold together: a sequence's components
 * and a rule's action and trigger exist after it, and a deleted package has
 * no actions left that the project does not also delete.
 */
async function checkReferences(tx: Tx, caller: Caller, plan: Plan): Promise<void> {
  const deletedActions = new Set(plan.actions.filter((step) => step.change === 'deleted').map((step) => actionPath(step.existing!)));
  const projectActions = new Set(plan.actions.filter((step) => step.desired).map((step) => `/${caller.namespace}/${actionPath(step.desired!)}`));
  const own = `/${caller.namespace}/`;
  const actionExists = async (qualified: string): Promise<boolean> => {
    if (projectActions.has(qualified)) return true;
    const path = qualified.slice(own.length);
    if (deletedActions.has(path)) return false;
    const [packageName, name] = path.includes('/') ? path.split('/') : ['', path];
    return (await tx.action.count({ where: { namespaceId: caller.namespaceId, packageName, name } })) > 0;
  };

  for (const step of plan.actions) {
    const action = step.desired;
    if (!action || action.components.length === 0) continue;
    for (const component of action.components) {
      // One of another namespace is checked before the transaction (deploy-project.ts).
      if (component.startsWith(own) && !(await actionExists(component))) {
        plan.problems.push({
          ...action.at,
          entity: `sequence ${actionPath(action)}`,
          message: `its component ${component} is neither in the project nor in the namespace.`,
        });
      }
    }
  }
  const deletedTriggers = new Set(plan.triggers.filter((step) => step.change === 'deleted').map((step) => step.existing!.name));
  const projectTriggers = new Set(plan.triggers.filter((step) => step.desired).map((step) => step.desired!.name));
  for (const step of plan.rules) {
    const rule = step.desired;
    if (!rule) continue;
    const triggerName = rule.trigger.slice(own.length);
    const triggerThere =
      projectTriggers.has(triggerName) ||
      (!deletedTriggers.has(triggerName) && (await tx.trigger.count({ where: { namespaceId: caller.namespaceId, name: triggerName } })) > 0);
    if (!triggerThere)
      plan.problems.push({ ...rule.at, entity: `rule ${rule.name}`, message: `its trigger ${triggerName} is neither in the project nor in the namespace.` });
    // An action of another namespace is checked before the transaction (deploy-project.ts).
    if (rule.action.startsWith(own) && !(await actionExists(rule.action))) {
      plan.problems.push({ ...rule.at, entity: `rule ${rule.name}`, message: `its action ${rule.action} is neither in the project nor in the namespace.` });
    }
  }
  for (const step of plan.packages) {
    if (step.change !== 'deleted') continue;
    const name = step.existing!.name;
    const left = await tx.action.findMany({ where: { namespaceId: caller.namespaceId, packageName: name }, select: { name: true } });
    const kept = left.filter((action) => !deletedActions.has(`${name}/${action.name}`));
    if (kept.length > 0) {
      plan.problems.push({
        entity: `package ${name}`,
        message: `the project no longer declares it, but it still holds actions the project does not manage (${kept.map((action) => action.name).join(', ')}).`,
      });
    }
  }
}
