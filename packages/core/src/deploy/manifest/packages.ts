// One entry of `packages:` into its PackageSpec and the actions, sequences,
// triggers and rules it declares. The package named `default` is OpenWhisk's
// default package: its actions have no package, and it has no PackageSpec
// (nor inputs, annotations or visibility of its own).
import type { ActionSpec, PackageSpec, RuleSpec, SourceLocation, TriggerSpec } from '../project-spec.ts';
import { parseAction } from './actions.ts';
import type { ParseContext } from './context.ts';
import type { Overlay } from './deployment-overlay.ts';
import { actionPath, checkName } from './entity-names.ts';
import { entityParts } from './entity-parts.ts';
import { allowedEntries, PACKAGE_KEYS } from './keys.ts';
import { parseRule } from './rules.ts';
import { parseSequence } from './sequences.ts';
import { parseTrigger } from './triggers.ts';
import type { Entry, YamlFile } from './yaml-file.ts';

export const DEFAULT_PACKAGE = 'default';

export interface ParsedPackage {
  spec?: PackageSpec;
  actions: ActionSpec[];
  triggers: TriggerSpec[];
  rules: RuleSpec[];
  /**
   * Every name declared, also of entities left out for their problems, so a
   * rule naming one of those is not reported a second time as naming nothing.
   */
  declared: { actions: Declared[]; triggers: Declared[]; rules: Declared[] };
}

/** A declared name (an action's "pkg/name" path) and where. */
export interface Declared {
  name: string;
  at: SourceLocation;
}

/** Everything package `entry` declares; entities with problems are left out (the problems say why). */
export async function parsePackage(yaml: YamlFile, entry: Entry, context: ParseContext, overlay: Overlay): Promise<ParsedPackage> {
  const { problems } = context;
  const isDefault = entry.key === DEFAULT_PACKAGE;
  const packageName = isDefault ? '' : entry.key;
  const entity = isDefault ? 'the default package' : `package ${entry.key}`;
  if (!isDefault) checkName(entry.key, 'package', entry.at, problems, entity);
  const keys = allowedEntries(yaml.entries(entry.value, 'a package', problems, entity), PACKAGE_KEYS, 'a package', problems, entity);
  const packageOverlay = overlay.packages.get(entry.key);
  if (packageOverlay) packageOverlay.used = true;

  const parsed: ParsedPackage = { actions: [], triggers: [], rules: [], declared: { actions: [], triggers: [], rules: [] } };
  if (isDefault) {
    for (const key of ['inputs', 'annotations', 'public', 'description']) {
      const found = keys.get(key);
      if (found) problems.add(found.at, `the default package has no ${key}: it is not a package, only the actions without one.`, entity);
    }
    if (packageOverlay?.inputs.size) problems.add(packageOverlay.at, 'the deployment file gives the default package inputs, but it cannot have any.', entity);
  } else {
    const parts = entityParts(yaml, keys, context, entity, { overlay: packageOverlay });
    parsed.spec = { name: entry.key, publish: readPublic(yaml, keys.get('public'), context, entity), ...parts, at: entry.at };
  }

  // Actions and sequences share one set of names: both are actions.
  const declared = new Map<string, Entry>();
  const declare = (found: Entry, what: string): boolean => {
    const earlier = declared.get(found.key);
    if (earlier) {
      const path = actionPath(packageName, found.key);
      problems.add(found.at, `${what} ${path} has the name of an action declared at line ${earlier.at.line ?? '?'}.`, `${what} ${path}`);
      return false;
    }
    declared.set(found.key, found);
    parsed.declared.actions.push({ name: actionPath(packageName, found.key), at: found.at });
    return true;
  };
  for (const action of yaml.entries(keys.get('actions')?.value ?? null, 'actions', problems, entity)) {
    if (!declare(action, 'action')) continue;
    const spec = await parseAction(yaml, action, packageName, context, packageOverlay?.actions.get(action.key));
    if (spec) parsed.actions.push(spec);
  }
  for (const sequence of yaml.entries(keys.get('sequences')?.value ?? null, 'sequences', problems, entity)) {
    if (!declare(sequence, 'sequence')) continue;
    const spec = parseSequence(yaml, sequence, packageName, context, packageOverlay?.actions.get(sequence.key));
    if (spec) parsed.actions.push(spec);
  }
  for (const trigger of yaml.entries(keys.get('triggers')?.value ?? null, 'triggers', problems, entity)) {
    parsed.declared.triggers.push({ name: trigger.key, at: trigger.at });
    const spec = parseTrigger(yaml, trigger, context, packageOverlay?.triggers.get(trigger.key));
    if (spec) parsed.triggers.push(spec);
  }
  for (const rule of yaml.entries(keys.get('rules')?.value ?? null, 'rules', problems, entity)) {
    parsed.declared.rules.push({ name: rule.key, at: rule.at });
    const spec = parseRule(yaml, rule, packageName, context);
    if (spec) parsed.rules.push(spec);
  }
  return parsed;
}

/** `public: true` publishes the package to every namespace; false when absent. */
function readPublic(yaml: YamlFile, found: Entry | undefined, context: ParseContext, entity: string): boolean {
  if (!found) return false;
  const value = yaml.value(found.value, context.problems);
  if (typeof value === 'boolean') return value;
  context.problems.add(found.at, `public must be true or false, not ${JSON.stringify(value)}.`, entity);
  return false;
}
