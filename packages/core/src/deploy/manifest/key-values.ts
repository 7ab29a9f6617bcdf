// `inputs:` and `annotations:` maps, as wskdeploy reads them, into the
// name → value maps a deployment file can then overlay by name.
import type { KeyValue } from '../../entity-schemas.ts';
import type { SourceLocation } from '../project-spec.ts';
import type { ParseContext } from './context.ts';
import { substituteDeep } from './variables.ts';
import type { YamlFile } from './yaml-file.ts';
import type { Node } from 'yaml';

/** Values by name, each with where it was set (the manifest, or a deployment file that overrode it). */
export type ValueMap = Map<string, { value: unknown; at: SourceLocation }>;

// The parameter types of wskdeploy's typed form, and the value each stands
// for when nothing supplies one (its "zero value").
const TYPE_ZERO = { string: '', integer: 0, float: 0, boolean: false, json: {} } as const;
type ParameterType = keyof typeof TYPE_ZERO;
const TYPES = Object.keys(TYPE_ZERO) as ParameterType[];

// The keys of the typed form. A mapping made only of these is a declaration
// (`{type: integer, value: 3}`); any other mapping is a JSON object value.
// description, required, status, schema and properties only document the
// parameter: wskdeploy does not deploy them either.
const PARAMETER_KEYS = new Set(['type', 'value', 'default', 'description', 'required', 'status', 'schema', 'properties']);

const isType = (name: unknown): name is ParameterType => typeof name === 'string' && (TYPES as string[]).includes(name);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The inputs of an entity: `name: value` (any JSON value; a bare type name
 * such as `string` declares the parameter with that type's zero value, as in
 * wskdeploy) or `name: {type, value, default, description}`. Variables are
 * substituted in every string.
 */
export function parseInputs(yaml: YamlFile, node: Node | null, context: ParseContext, what: string, entity: string): ValueMap {
  const inputs: ValueMap = new Map();
  for (const entry of yaml.entries(node, what, context.problems, entity)) {
    if (!checkKey(entry.key, entry.at, context, what, entity)) continue;
    const raw = yaml.value(entry.value, context.problems);
    if (raw === undefined) continue;
    const value = resolveInput(entry.key, raw, entry.at, context, entity);
    if (value !== undefined && isJson(entry.key, value, entry.at, context, entity)) inputs.set(entry.key, { value, at: entry.at });
  }
  return inputs;
}

/** The annotations of an entity: `name: value`, any JSON value, variables substituted. */
export function parseAnnotations(yaml: YamlFile, node: Node | null, context: ParseContext, entity: string): ValueMap {
  const annotations: ValueMap = new Map();
  for (const entry of yaml.entries(node, 'annotations', context.problems, entity)) {
    if (!checkKey(entry.key, entry.at, context, 'annotations', entity)) continue;
    const raw = yaml.value(entry.value, context.problems);
    if (raw === undefined) continue;
    const value = substituteDeep(raw, context.variables, entry.at, context.problems, entity);
    if (isJson(entry.key, value, entry.at, context, entity)) annotations.set(entry.key, { value, at: entry.at });
  }
  return annotations;
}

/** The map as OpenWhisk's key-value list, in declaration order. */
export function toKeyValues(map: ValueMap): KeyValue[] {
  return [...map].map(([key, { value }]) => ({ key, value }));
}

function resolveInput(name: string, raw: unknown, at: SourceLocation, context: ParseContext, entity: string): unknown {
  const { variables, problems } = context;
  if (isType(raw)) return structuredClone(TYPE_ZERO[raw]);
  if (!isObject(raw) || Object.keys(raw).length === 0 || !Object.keys(raw).every((key) => PARAMETER_KEYS.has(key))) {
    return substituteDeep(raw, variables, at, problems, entity);
  }
  const type = raw.type ?? 'string';
  if (!isType(type)) {
    problems.add(at, `the input ${name} has type ${JSON.stringify(type)}; use one of: ${TYPES.join(', ')}.`, entity);
    return undefined;
  }
  const given = raw.value ?? raw.default ?? null;
  if (given === null) return structuredClone(TYPE_ZERO[type]);
  return coerce(name, type, substituteDeep(given, variables, at, problems, entity), at, context, entity);
}

/**
 * The value as its declared type asks. A string is read as the number or
 * boolean it spells, so `value: $PORT` can be an integer; any other mismatch
 * is a problem, so `type: integer` cannot deploy "eighty".
 */
function coerce(name: string, type: ParameterType, value: unknown, at: SourceLocation, context: ParseContext, entity: string): unknown {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const refuse = () => {
    context.problems.add(at, `the input ${name} is declared ${type} but its value is ${JSON.stringify(value)}.`, entity);
    return undefined;
  };
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : refuse();
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : refuse();
    case 'float':
      if (typeof value === 'number') return value;
      return text !== undefined && text !== '' && Number.isFinite(Number(text)) ? Number(text) : refuse();
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return text === 'true' || text === 'false' ? text === 'true' : refuse();
    case 'json':
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        return refuse();
      }
  }
}

/** Parameters travel as JSON: a YAML `.inf`, `.nan` or binary value cannot. */
function isJson(name: string, value: unknown, at: SourceLocation, context: ParseContext, entity: string): boolean {
  const bad = (item: unknown): boolean => {
    if (typeof item === 'number') return !Number.isFinite(item);
    if (item === null || typeof item === 'string' || typeof item === 'boolean') return false;
    if (Array.isArray(item)) return item.some(bad);
    if (isObject(item) && Object.getPrototypeOf(item) === Object.prototype) return Object.values(item).some(bad);
    return true;
  };
  if (!bad(value)) return true;
  context.problems.add(at, `${name} has a value that is not JSON (an infinity, NaN or binary data).`, entity);
  return false;
}

/** Empty keys are refused by OpenWhisk's key-value lists too. */
function checkKey(key: string, at: SourceLocation, context: ParseContext, what: string, entity: string): boolean {
  if (key.length > 0) return true;
  context.problems.add(at, `${what} has an empty name.`, entity);
  return false;
}
