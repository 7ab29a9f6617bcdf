// One entry of a package's `triggers:` into a TriggerSpec. Triggers live in
// the namespace, not the package (OpenWhisk's model): the package only
// groups them in the manifest. A feed is kept as written; whether Brisk can
// run it is the deploy engine's decision.
import type { TriggerSpec } from '../project-spec.ts';
import type { ParseContext } from './context.ts';
import type { InputOverlay } from './deployment-overlay.ts';
import { checkName } from './entity-names.ts';
import { entityParts } from './entity-parts.ts';
import { allowedEntries, TRIGGER_KEYS } from './keys.ts';
import { substitute } from './variables.ts';
import type { Entry, YamlFile } from './yaml-file.ts';

/** The trigger `entry` declares; undefined when it has problems. */
export function parseTrigger(yaml: YamlFile, entry: Entry, context: ParseContext, overlay: InputOverlay | undefined): TriggerSpec | undefined {
  const { problems } = context;
  const before = problems.count;
  const entity = `trigger ${entry.key}`;
  checkName(entry.key, 'trigger', entry.at, problems, entity);
  const keys = allowedEntries(yaml.entries(entry.value, 'a trigger', problems, entity), TRIGGER_KEYS, 'a trigger', problems, entity);
  let feed: string | undefined;
  const feedEntry = keys.get('feed');
  if (feedEntry) {
    const value = yaml.value(feedEntry.value, problems);
    // wskdeploy interpolates feeds too: `${GITHUB_PACKAGE}/webhook`.
    if (typeof value === 'string' && value.trim() !== '') feed = substitute(value.trim(), context.variables, feedEntry.at, problems, entity);
    else problems.add(feedEntry.at, `feed must be the name of a feed action, not ${JSON.stringify(value)}.`, entity);
  }
  const parts = entityParts(yaml, keys, context, entity, { overlay });
  if (problems.count > before) return undefined;
  return { name: entry.key, ...parts, ...(feed ? { feed } : {}), at: entry.at };
}
