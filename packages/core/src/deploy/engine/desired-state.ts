// The rows a project asks for, in the form they are stored, so that "is this
// entity unchanged?" is a plain comparison with what the database holds.
import { withExecAnnotation } from '../../actions.ts';
import type { KeyValue } from '../../entity-schemas.ts';
import { resolveKind, SEQUENCE_KIND } from '../../kinds.ts';
import { type AlarmFeedName, alarmFeedNamed } from '../../feeds/alarm-config.ts';
import { ACTION_LIMITS } from '../../limits.ts';
import type { Caller } from '../../namespaces.ts';
import { parseFullyQualifiedName } from '../../qualified-names.ts';
import type { ProjectProblem, ProjectSpec, SourceLocation } from '../project-spec.ts';

export interface DesiredPackage {
  name: string;
  publish: boolean;
  parameters: KeyValue[];
  annotations: KeyValue[];
  at: SourceLocation;
}

export interface DesiredAction {
  packageName: string;
  name: string;
  kind: string;
  code: string | null;
  main: string | null;
  binary: boolean;
  image: string | null;
  /** Fully qualified, "/ns/pkg/name", as stored. */
  components: string[];
  parameters: KeyValue[];
  annotations: KeyValue[];
  timeoutMs: number;
  memoryMb: number;
  logsMb: number;
  concurrency: number;
  at: SourceLocation;
}

export interface DesiredTrigger {
  name: string;
  parameters: KeyValue[];
  annotations: KeyValue[];
  /** The alarm the trigger is fed by, with the manifest's inputs as its parameters. */
  feed?: { name: AlarmFeedName; params: Record<string, unknown> };
  at: SourceLocation;
}

export interface DesiredRule {
  name: string;
  /** "/ns/trigger" */
  trigger: string;
  /** "/ns/[pkg/]action" */
  action: string;
  at: SourceLocation;
}

export interface DesiredState {
  packages: DesiredPackage[];
  actions: DesiredAction[];
  triggers: DesiredTrigger[];
  rules: DesiredRule[];
}

export function actionPath(action: { packageName: string; name: string }): string {
  return action.packageName ? `${action.packageName}/${action.name}` : action.name;
}

/** "/ns/pkg/name" for a name as a manifest writes it, relative names in the caller's namespace. */
export function qualify(caller: Caller, text: string): string {
  const name = parseFullyQualifiedName(text, caller.namespace);
  return `/${name.namespace}/${name.packageName ? `${name.packageName}/` : ''}${name.name}`;
}

export function desiredState(caller: Caller, spec: ProjectSpec, problems: ProjectProblem[]): DesiredState {
  const located = (at: SourceLocation, entity: string, message: string) => problems.push({ ...at, entity, message });
  const attempt = <T>(at: SourceLocation, entity: string, make: () => T): T | undefined => {
    try {
      return make();
    } catch (error) {
      located(at, entity, (error as Error).message);
      return undefined;
    }
  };

  const actions: DesiredAction[] = [];
  for (const action of spec.actions) {
    const entity = `action ${actionPath(action)}`;
    const limits = {
      timeoutMs: action.limits.timeoutMs ?? ACTION_LIMITS.timeoutMs.default,
      memoryMb: action.limits.memoryMb ?? ACTION_LIMITS.memoryMb.default,
      logsMb: action.limits.logsMb ?? ACTION_LIMITS.logsMb.default,
      concurrency: action.limits.concurrency ?? ACTION_LIMITS.concurrency.default,
    };
    const exec = action.exec;
    if (exec.kind === SEQUENCE_KIND && 'components' in exec) {
      const components = exec.components.map((component) => attempt(action.at, entity, () => qualify(caller, component)));
      // Components of other namespaces are the engine's to check, with the resolver.
      if (components.some((component) => component === undefined)) continue;
      actions.push({
        packageName: action.packageName,
        name: action.name,
        kind: SEQUENCE_KIND,
        code: null,
        main: null,
        binary: false,
        image: null,
        components: components as string[],
        parameters: action.parameters,
        annotations: withExecAnnotation(action.annotations, SEQUENCE_KIND),
        ...limits,
        at: action.at,
      });
      continue;
    }
    if (!('code' in exec)) continue;
    const kind = attempt(action.at, entity, () => resolveKind(exec.kind));
    if (!kind) continue;
    actions.push({
      packageName: action.packageName,
      name: action.name,
      kind,
      code: exec.code,
      main: exec.main ?? null,
      binary: exec.binary,
      image: null,
      components: [],
      parameters: action.parameters,
      annotations: withExecAnnotation(action.annotations, kind),
      ...limits,
      at: action.at,
    });
  }
  const triggers: DesiredTrigger[] = [];
  for (const trigger of spec.triggers) {
    if (trigger.feed) {
      // As wskdeploy does: the inputs are the feed's parameters, not the
      // trigger's (a cron pattern is not something to hand each action).
      const feed = alarmFeedNamed(trigger.feed);
      if (!feed) {
        located(
          trigger.at,
          `trigger ${trigger.name}`,
          `feed ${trigger.feed} is not one Brisk provides; the feeds are /whisk.system/alarms/alarm, /whisk.system/alarms/interval and /whisk.system/alarms/once.`,
        );
        continue;
      }
      triggers.push({
        name: trigger.name,
        parameters: [],
        annotations: [...trigger.annotations.filter((annotation) => annotation.key !== 'feed'), { key: 'feed', value: `/whisk.system/alarms/${feed}` }],
        feed: { name: feed, params: Object.fromEntries(trigger.parameters.map(({ key, value }) => [key, value])) },
        at: trigger.at,
      });
      continue;
    }
    triggers.push({ name: trigger.name, parameters: trigger.parameters, annotations: trigger.annotations, at: trigger.at });
  }
  const rules: DesiredRule[] = [];
  for (const rule of spec.rules) {
    const entity = `rule ${rule.name}`;
    const action = attempt(rule.at, entity, () => qualify(caller, rule.action));
    if (!action) continue;
    rules.push({ name: rule.name, trigger: `/${caller.namespace}/${rule.trigger}`, action, at: rule.at });
  }
  return { packages: spec.packages, actions, triggers, rules };
}
