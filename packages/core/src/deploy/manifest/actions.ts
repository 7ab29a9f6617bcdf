// One entry of a package's `actions:` into an ActionSpec: its code (from
// `function` or inline `code`), kind, main, limits, web flags, parameters
// and annotations.
import type { ActionSpec } from '../project-spec.ts';
import { type ActionCode, loadFunction, withinLimit } from './action-code.ts';
import { kindOfFile, kindOfRuntime, supportedKinds } from './action-kind.ts';
import { parseLimits } from './action-limits.ts';
import type { ParseContext } from './context.ts';
import type { InputOverlay } from './deployment-overlay.ts';
import { actionPath, checkName } from './entity-names.ts';
import { entityParts } from './entity-parts.ts';
import { ACTION_KEYS, allowedEntries } from './keys.ts';
import type { Entry, YamlFile } from './yaml-file.ts';

type TextOf = (key: string) => string | undefined;

/** The action `entry` declares in package `packageName` ("" for the default); undefined when it has problems. */
export async function parseAction(
  yaml: YamlFile,
  entry: Entry,
  packageName: string,
  context: ParseContext,
  overlay: InputOverlay | undefined,
): Promise<ActionSpec | undefined> {
  const { problems } = context;
  const before = problems.count;
  const entity = `action ${actionPath(packageName, entry.key)}`;
  checkName(entry.key, 'action', entry.at, problems, entity);
  const keys = allowedEntries(yaml.entries(entry.value, 'an action', problems, entity), ACTION_KEYS, 'an action', problems, entity);
  const texts = new Map<string, string | undefined>();
  const text: TextOf = (key) => {
    if (!texts.has(key)) texts.set(key, readText(yaml, keys.get(key), context, entity));
    return texts.get(key);
  };

  const written = runtimeOf(keys, text, context, entity);
  const code = await actionCode(keys, text, written !== undefined, entry, context, entity);
  const kind = written !== undefined ? kindOfRuntime(written.runtime) : code && inferredKind(code, keys, text, context, entity);
  if (written !== undefined && kind === undefined) problems.add(written.at, `the runtime ${written.runtime} is not supported; ${supportedKinds()}.`, entity);
  const main = text('main');
  const limits = parseLimits(yaml, keys.get('limits')?.value ?? null, context, entity);
  const parts = entityParts(yaml, keys, context, entity, { overlay, web: true });

  if (problems.count > before || !code || !kind) return undefined;
  return {
    packageName,
    name: entry.key,
    exec: { kind, code: code.code, binary: code.binary, ...(main ? { main } : {}) },
    ...parts,
    limits,
    at: entry.at,
  };
}

/** A key whose value must be non-empty text; a problem otherwise. */
function readText(yaml: YamlFile, found: Entry | undefined, context: ParseContext, entity: string): string | undefined {
  if (!found) return undefined;
  const value = yaml.value(found.value, context.problems);
  if (typeof value === 'string' && value.trim() !== '') return value;
  context.problems.add(found.at, `${found.key} must be text, not ${JSON.stringify(value)}.`, entity);
  return undefined;
}

/** `runtime`, or `kind` (wskdeploy's other name for it), as written. */
function runtimeOf(keys: Map<string, Entry>, text: TextOf, context: ParseContext, entity: string) {
  const runtime = text('runtime');
  const kind = text('kind');
  if (runtime !== undefined && kind !== undefined && runtime !== kind) {
    context.problems.add(keys.get('kind')!.at, 'runtime and kind disagree; give one of them (kind is another name for runtime).', entity);
  }
  if (runtime !== undefined) return { runtime, at: keys.get('runtime')!.at };
  if (kind !== undefined) return { runtime: kind, at: keys.get('kind')!.at };
  return undefined;
}

/** Without a runtime, a source file's extension says it; a zip or folder cannot. */
function inferredKind(code: ActionCode, keys: Map<string, Entry>, text: TextOf, context: ParseContext, entity: string): string | undefined {
  if (code.form === 'inline') return undefined; // refused in actionCode already
  const path = text('function') ?? '';
  const kind = code.form === 'file' ? kindOfFile(path) : undefined;
  if (!kind) {
    const what = code.form === 'file' ? `the file name ${JSON.stringify(path)}` : `a ${code.form}`;
    context.problems.add(keys.get('function')!.at, `give a runtime: none can be inferred from ${what}; ${supportedKinds()}.`, entity);
  }
  return kind;
}

/** The code from `function` or, inline, from `code` (which needs a runtime, as wskdeploy says). */
async function actionCode(
  keys: Map<string, Entry>,
  text: TextOf,
  hasRuntime: boolean,
  entry: Entry,
  context: ParseContext,
  entity: string,
): Promise<ActionCode | undefined> {
  const { problems } = context;
  const fn = keys.get('function');
  const inline = keys.get('code');
  if (fn && inline) {
    problems.add(inline.at, 'give function or code, not both.', entity);
    return undefined;
  }
  if (inline) {
    const source = text('code');
    if (source === undefined) return undefined;
    if (!hasRuntime) problems.add(inline.at, 'inline code needs a runtime.', entity);
    return withinLimit({ code: source, binary: false, form: 'inline' }, '', inline.at, context, entity);
  }
  if (!fn) {
    problems.add(entry.at, 'an action needs a function (a file or folder of the project) or inline code.', entity);
    return undefined;
  }
  const path = text('function');
  return path === undefined ? undefined : await loadFunction(path, fn.at, context, entity);
}
