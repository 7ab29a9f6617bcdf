// Checks across the whole project, once every package is read: names that
// must be unique in the namespace (triggers and rules are not in packages),
// and references from rules and sequences to what the project declares.
import { SEQUENCE_KIND } from '../../kinds.ts';
import type { ActionSpec } from '../project-spec.ts';
import { actionPath } from './entity-names.ts';
import type { Declared, ParsedPackage } from './packages.ts';
import type { Problems } from './problems.ts';

const OUTSIDE_HINT = 'an action outside the project is named absolutely, as /namespace/package/action';

export function checkReferences(packages: ParsedPackage[], problems: Problems): void {
  const triggers = unique(
    packages.flatMap((pkg) => pkg.declared.triggers),
    'trigger',
    problems,
  );
  unique(
    packages.flatMap((pkg) => pkg.declared.rules),
    'rule',
    problems,
  );
  const actions = new Set(packages.flatMap((pkg) => pkg.declared.actions.map((action) => action.name)));

  for (const rule of packages.flatMap((pkg) => pkg.rules)) {
    const entity = `rule ${rule.name}`;
    if (!triggers.has(rule.trigger)) problems.add(rule.at, `rule ${rule.name} names trigger ${rule.trigger}, which the project does not declare.`, entity);
    if (!rule.action.startsWith('/') && !actions.has(rule.action)) {
      problems.add(rule.at, `rule ${rule.name} names action ${rule.action}, which the project does not declare; ${OUTSIDE_HINT}.`, entity);
    }
  }

  const sequences = packages.flatMap((pkg) => pkg.actions).filter((action) => action.exec.kind === SEQUENCE_KIND);
  for (const sequence of sequences) {
    const path = actionPath(sequence.packageName, sequence.name);
    for (const component of components(sequence)) {
      if (!component.startsWith('/') && !actions.has(component)) {
        problems.add(sequence.at, `sequence ${path} names action ${component}, which the project does not declare; ${OUTSIDE_HINT}.`, `sequence ${path}`);
      }
    }
  }
  reportCycles(sequences, problems);
}

/** The names declared once; a problem for each repeat. */
function unique(declared: Declared[], what: string, problems: Problems): Set<string> {
  const first = new Map<string, Declared>();
  for (const item of declared) {
    const earlier = first.get(item.name);
    if (earlier) {
      problems.add(
        item.at,
        `${what} ${item.name} is declared again (first at line ${earlier.at.line ?? '?'}); ${what}s belong to the namespace, not to a package, so their names must differ across packages.`,
        `${what} ${item.name}`,
      );
    } else first.set(item.name, item);
  }
  return new Set(first.keys());
}

function components(action: ActionSpec): string[] {
  return 'components' in action.exec ? action.exec.components : [];
}

/** A sequence that reaches itself through its components would never end; OpenWhisk refuses it, so this does first. */
function reportCycles(sequences: ActionSpec[], problems: Problems): void {
  const byPath = new Map(sequences.map((sequence) => [actionPath(sequence.packageName, sequence.name), sequence]));
  const done = new Set<string>();
  const visit = (path: string, trail: string[]): void => {
    if (done.has(path)) return;
    const loop = trail.indexOf(path);
    if (loop >= 0) {
      const sequence = byPath.get(path)!;
      problems.add(sequence.at, `sequence ${path} contains itself: ${[...trail.slice(loop), path].join(' → ')}.`, `sequence ${path}`);
      return;
    }
    const sequence = byPath.get(path);
    if (!sequence) return;
    for (const component of components(sequence)) visit(component, [...trail, path]);
    done.add(path);
  };
  for (const path of byPath.keys()) visit(path, []);
}
