// `limits:` of an action, in wskdeploy's names and units (timeout in ms,
// memorySize and logSize in MB), into the spec's limits, checked against the
// platform's ranges here so a push is refused before anything is deployed.
import type { Node } from 'yaml';
import { ACTION_LIMITS } from '../../limits.ts';
import type { ActionSpec } from '../project-spec.ts';
import type { ParseContext } from './context.ts';
import { allowedEntries, LIMIT_KEYS } from './keys.ts';
import type { YamlFile } from './yaml-file.ts';

type Limits = ActionSpec['limits'];

const LIMITS: Record<string, { field: keyof Limits; unit: string }> = {
  timeout: { field: 'timeoutMs', unit: 'ms' },
  memorySize: { field: 'memoryMb', unit: 'MB' },
  logSize: { field: 'logsMb', unit: 'MB' },
  concurrentActivations: { field: 'concurrency', unit: 'activations' },
};

/** Only the limits the manifest sets; a problem for each unknown key, non-integer or out-of-range value. */
export function parseLimits(yaml: YamlFile, node: Node | null, context: ParseContext, entity: string): Limits {
  const limits: Limits = {};
  const entries = allowedEntries(yaml.entries(node, 'limits', context.problems, entity), LIMIT_KEYS, 'limits', context.problems, entity);
  for (const [key, entry] of entries) {
    const { field, unit } = LIMITS[key]!;
    const range = ACTION_LIMITS[field];
    const value = yaml.value(entry.value, context.problems);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      context.problems.add(entry.at, `limits.${key} must be a whole number of ${unit}, not ${JSON.stringify(value)}.`, entity);
    } else if (value < range.min || value > range.max) {
      context.problems.add(entry.at, `limits.${key} is ${value} ${unit}, outside the range ${range.min}–${range.max} ${unit}.`, entity);
    } else limits[field] = value;
  }
  return limits;
}
