// The deployment file (deployment.yaml), wskdeploy's way of giving a manifest
// its environment: inputs for packages, actions and triggers by name, under
// `project: {packages: ...}` or a bare `packages:`.
import type { ParseContext } from './context.ts';
import type { InputOverlay, Overlay, PackageOverlay } from './deployment-overlay.ts';
import { emptyOverlay } from './deployment-overlay.ts';
import { parseInputs } from './key-values.ts';
import { allowedEntries, DEPLOYMENT_ENTITY_KEYS, DEPLOYMENT_FILE_KEYS, DEPLOYMENT_PACKAGE_KEYS, DEPLOYMENT_PROJECT_KEYS } from './keys.ts';
import type { Entry, YamlFile } from './yaml-file.ts';

/** What the deployment file overlays; problems for anything it may not set. */
export function parseDeployment(yaml: YamlFile, context: ParseContext): Overlay {
  const { problems } = context;
  const overlay = emptyOverlay();
  const top = allowedEntries(yaml.entries(yaml.doc.contents, 'the deployment file', problems), DEPLOYMENT_FILE_KEYS, 'the deployment file', problems);
  let packages = top.get('packages');
  const project = top.get('project');
  if (project) {
    const keys = allowedEntries(yaml.entries(project.value, 'project', problems), DEPLOYMENT_PROJECT_KEYS, 'project', problems);
    const name = keys.get('name');
    if (name) {
      const value = yaml.value(name.value, problems);
      if (typeof value === 'string') overlay.projectName = { value, at: name.at };
      else problems.add(name.at, 'project.name must be text.');
    }
    if (packages && keys.has('packages')) problems.add(packages.at, 'give packages under project or at the top, not both.');
    packages = keys.get('packages') ?? packages;
  }
  for (const entry of yaml.entries(packages?.value ?? null, 'packages', problems)) {
    overlay.packages.set(entry.key, parsePackageOverlay(yaml, entry, context));
  }
  return overlay;
}

function parsePackageOverlay(yaml: YamlFile, entry: Entry, context: ParseContext): PackageOverlay {
  const entity = `package ${entry.key}`;
  const keys = allowedEntries(yaml.entries(entry.value, 'a package', context.problems, entity), DEPLOYMENT_PACKAGE_KEYS, 'a package', context.problems, entity);
  const children = (key: 'actions' | 'triggers', what: string) =>
    new Map(
      yaml
        .entries(keys.get(key)?.value ?? null, key, context.problems, entity)
        .map((child): [string, InputOverlay] => [child.key, entityOverlay(yaml, child, context, `${what} ${child.key}`)]),
    );
  return {
    inputs: parseInputs(yaml, keys.get('inputs')?.value ?? null, context, 'inputs', entity),
    at: entry.at,
    used: false,
    actions: children('actions', 'action'),
    triggers: children('triggers', 'trigger'),
  };
}

function entityOverlay(yaml: YamlFile, entry: Entry, context: ParseContext, entity: string): InputOverlay {
  const keys = allowedEntries(yaml.entries(entry.value, entity, context.problems, entity), DEPLOYMENT_ENTITY_KEYS, entity, context.problems, entity);
  return { inputs: parseInputs(yaml, keys.get('inputs')?.value ?? null, context, 'inputs', entity), at: entry.at, used: false };
}
