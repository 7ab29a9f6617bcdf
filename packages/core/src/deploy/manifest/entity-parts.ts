// The parts actions, sequences, packages and triggers share: inputs (with the
// deployment file's overlay), annotations and the description, which
// OpenWhisk keeps as the `description` annotation.
import type { KeyValue } from '../../entity-schemas.ts';
import type { ParseContext } from './context.ts';
import { type InputOverlay, withOverlay } from './deployment-overlay.ts';
import { parseAnnotations, parseInputs, toKeyValues, type ValueMap } from './key-values.ts';
import { applyWeb } from './web-export.ts';
import type { Entry, YamlFile } from './yaml-file.ts';

export interface EntityParts {
  parameters: KeyValue[];
  annotations: KeyValue[];
}

/**
 * The parameters and annotations of an entity from its `inputs`,
 * `annotations`, `description` and (when `web` is set) `web`/`web-export`
 * keys; the deployment file's inputs override the manifest's by name.
 */
export function entityParts(
  yaml: YamlFile,
  keys: Map<string, Entry>,
  context: ParseContext,
  entity: string,
  options: { overlay?: InputOverlay; web?: boolean },
): EntityParts {
  const inputs = withOverlay(parseInputs(yaml, keys.get('inputs')?.value ?? null, context, 'inputs', entity), options.overlay);
  const annotations = parseAnnotations(yaml, keys.get('annotations')?.value ?? null, context, entity);
  describe(yaml, keys.get('description'), annotations, context, entity);
  if (options.web) applyWeb(yaml, keys, annotations, context, entity);
  return { parameters: toKeyValues(inputs), annotations: toKeyValues(annotations) };
}

/** `description: text` as the description annotation, unless the annotations set one themselves. */
function describe(yaml: YamlFile, entry: Entry | undefined, annotations: ValueMap, context: ParseContext, entity: string): void {
  if (!entry) return;
  const text = yaml.value(entry.value, context.problems);
  if (typeof text !== 'string') {
    context.problems.add(entry.at, `description must be text, not ${JSON.stringify(text)}.`, entity);
    return;
  }
  if (!annotations.has('description')) annotations.set('description', { value: text, at: entry.at });
}
