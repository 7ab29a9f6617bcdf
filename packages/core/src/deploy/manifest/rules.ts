// One entry of a package's `rules:` into a RuleSpec. Whether its trigger and
// action exist is checked once the whole project is read (references.ts).
import type { RuleSpec } from '../project-spec.ts';
import type { ParseContext } from './context.ts';
import { actionReference, checkName } from './entity-names.ts';
import { allowedEntries, RULE_KEYS } from './keys.ts';
import type { Entry, YamlFile } from './yaml-file.ts';

/** The rule `entry` declares in package `packageName` (which qualifies a bare action name); undefined when it has problems. */
export function parseRule(yaml: YamlFile, entry: Entry, packageName: string, context: ParseContext): RuleSpec | undefined {
  const { problems } = context;
  const before = problems.count;
  const entity = `rule ${entry.key}`;
  checkName(entry.key, 'rule', entry.at, problems, entity);
  const keys = allowedEntries(yaml.entries(entry.value, 'a rule', problems, entity), RULE_KEYS, 'a rule', problems, entity);
  const text = (key: string, hint: string): { value: string; at: Entry['at'] } | undefined => {
    const found = keys.get(key);
    if (!found) {
      problems.add(entry.at, `a rule needs ${key}: ${hint}.`, entity);
      return undefined;
    }
    const value = yaml.value(found.value, problems);
    if (typeof value === 'string' && value.trim() !== '') return { value: value.trim(), at: found.at };
    problems.add(found.at, `${key} must be ${hint}, not ${JSON.stringify(value)}.`, entity);
    return undefined;
  };
  const trigger = text('trigger', 'the name of a trigger of the project');
  if (trigger) checkName(trigger.value, 'trigger', trigger.at, problems, entity);
  const action = text('action', 'the name of an action');
  const reference = action && actionReference(action.value, packageName, 'the action', action.at, problems, entity);
  const condition = keys.get('rule');
  if (condition) {
    // wskdeploy's `rule:` is a condition of which OpenWhisk knows only `true`.
    const value = yaml.value(condition.value, problems);
    if (value !== true && value !== 'true')
      problems.add(condition.at, `rule must be true (the only condition OpenWhisk has), not ${JSON.stringify(value)}.`, entity);
  }
  const description = keys.get('description');
  if (description && typeof yaml.value(description.value, problems) !== 'string') problems.add(description.at, 'description must be text.', entity);
  if (problems.count > before || !trigger || !reference) return undefined;
  return { name: entry.key, trigger: trigger.value, action: reference.absolute ? reference.text : reference.path, at: entry.at };
}
