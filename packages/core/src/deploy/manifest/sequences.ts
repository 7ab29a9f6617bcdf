// One entry of a package's `sequences:` into an ActionSpec of kind sequence.
// Components are kept as written, a bare name qualified to the sequence's
// own package as wskdeploy does ("a" in package P is "P/a").
import { SEQUENCE_KIND } from '../../kinds.ts';
import { MAX_SEQUENCE_LENGTH } from '../../limits.ts';
import type { ActionSpec } from '../project-spec.ts';
import type { ParseContext } from './context.ts';
import type { InputOverlay } from './deployment-overlay.ts';
import { actionPath, actionReference, checkName } from './entity-names.ts';
import { entityParts } from './entity-parts.ts';
import { allowedEntries, SEQUENCE_KEYS } from './keys.ts';
import type { Entry, YamlFile } from './yaml-file.ts';

/** The sequence `entry` declares in package `packageName` ("" for the default); undefined when it has problems. */
export function parseSequence(
  yaml: YamlFile,
  entry: Entry,
  packageName: string,
  context: ParseContext,
  overlay: InputOverlay | undefined,
): ActionSpec | undefined {
  const { problems } = context;
  const before = problems.count;
  const entity = `sequence ${actionPath(packageName, entry.key)}`;
  checkName(entry.key, 'sequence', entry.at, problems, entity);
  const keys = allowedEntries(yaml.entries(entry.value, 'a sequence', problems, entity), SEQUENCE_KEYS, 'a sequence', problems, entity);
  const components = readComponents(yaml, keys.get('actions'), packageName, context, entity) ?? [];
  if (!keys.has('actions')) problems.add(entry.at, 'a sequence needs actions: the names of its actions, in order, separated by commas.', entity);
  const parts = entityParts(yaml, keys, context, entity, { overlay, web: true });
  if (problems.count > before) return undefined;
  return { packageName, name: entry.key, exec: { kind: SEQUENCE_KIND, components }, ...parts, limits: {}, at: entry.at };
}

/** `actions: a, b, pkg/c` (wskdeploy's form) or a YAML list of names. */
function readComponents(yaml: YamlFile, found: Entry | undefined, packageName: string, context: ParseContext, entity: string): string[] | undefined {
  if (!found) return undefined;
  const { problems } = context;
  const value = yaml.value(found.value, problems);
  const names = typeof value === 'string' ? value.split(',') : Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  if (!names) {
    problems.add(found.at, 'actions must be action names separated by commas, or a list of them.', entity);
    return undefined;
  }
  const components: string[] = [];
  for (const name of names.map((item) => item.trim())) {
    if (name === '') {
      problems.add(found.at, 'actions has an empty name (two commas in a row, or one at an end).', entity);
      continue;
    }
    const reference = actionReference(name, packageName, 'the component', found.at, problems, entity);
    if (reference) components.push(reference.absolute ? reference.text : reference.path);
  }
  if (names.length > MAX_SEQUENCE_LENGTH) {
    problems.add(found.at, `a sequence has at most ${MAX_SEQUENCE_LENGTH} actions; this one has ${names.length}.`, entity);
  }
  return components;
}
