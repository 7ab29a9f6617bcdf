// `web:` (or `web-export:`) on an action or sequence, as wskdeploy turns it
// into OpenWhisk's web-action annotations: a web action is always `final`
// (its parameters cannot be overridden from the URL), and `raw` also asks for
// the undecoded request body.
import type { ParseContext } from './context.ts';
import type { ValueMap } from './key-values.ts';
import type { Entry, YamlFile } from './yaml-file.ts';

type WebMode = 'web' | 'raw' | 'off';

const MODES: Record<string, WebMode> = { true: 'web', yes: 'web', raw: 'raw', false: 'off', no: 'off' };

/**
 * Sets the web annotations the entity's `web`/`web-export` key asks for, on
 * top of (and overriding) the user's own annotations of the same names.
 */
export function applyWeb(yaml: YamlFile, keys: Map<string, Entry>, annotations: ValueMap, context: ParseContext, entity: string): void {
  const modes: Array<{ mode: WebMode; entry: Entry }> = [];
  for (const key of ['web', 'web-export']) {
    const entry = keys.get(key);
    if (!entry) continue;
    const raw = yaml.value(entry.value, context.problems);
    const word = typeof raw === 'boolean' || typeof raw === 'string' ? String(raw).toLowerCase() : undefined;
    const mode = word !== undefined && Object.hasOwn(MODES, word) ? MODES[word] : undefined;
    if (!mode) context.problems.add(entry.at, `${key} must be true, false, yes, no or raw, not ${JSON.stringify(raw)}.`, entity);
    else modes.push({ mode, entry });
  }
  const [first, second] = modes;
  if (first && second && first.mode !== second.mode) {
    context.problems.add(second.entry.at, 'web and web-export disagree; give one of them.', entity);
    return;
  }
  if (!first || first.mode === 'off') return;
  const at = first.entry.at;
  annotations.set('web-export', { value: true, at });
  annotations.set('raw-http', { value: first.mode === 'raw', at });
  annotations.set('final', { value: true, at });
}
