// What a deployment file (deployment.yaml) may change: the inputs of
// packages, actions (sequences too) and triggers, by name. The overlay
// remembers which of its entries found their entity, so one naming nothing
// the manifest declares (a typo) is reported instead of ignored.
import type { SourceLocation } from '../project-spec.ts';
import type { ValueMap } from './key-values.ts';
import type { Problems } from './problems.ts';

export interface InputOverlay {
  inputs: ValueMap;
  at: SourceLocation;
  used: boolean;
}

export interface PackageOverlay extends InputOverlay {
  actions: Map<string, InputOverlay>;
  triggers: Map<string, InputOverlay>;
}

export interface Overlay {
  /** `project.name` of the deployment file, which must be the manifest's. */
  projectName?: { value: string; at: SourceLocation };
  packages: Map<string, PackageOverlay>;
}

export const emptyOverlay = (): Overlay => ({ packages: new Map() });

/** `base` with the overlay's inputs replacing those of the same name (and adding new ones). */
export function withOverlay(base: ValueMap, overlay: InputOverlay | undefined): ValueMap {
  if (!overlay) return base;
  overlay.used = true;
  const merged: ValueMap = new Map(base);
  for (const [name, input] of overlay.inputs) merged.set(name, input);
  return merged;
}

/** A problem for every entry of the deployment file that matched nothing in the manifest. */
export function reportUnused(overlay: Overlay, problems: Problems): void {
  for (const [packageName, pkg] of overlay.packages) {
    if (!pkg.used) {
      problems.add(pkg.at, `the deployment file names package ${packageName}, which the manifest does not declare.`);
      continue;
    }
    for (const [name, action] of pkg.actions) {
      if (!action.used) problems.add(action.at, `the deployment file names action ${name} in package ${packageName}, which the manifest does not declare.`);
    }
    for (const [name, trigger] of pkg.triggers) {
      if (!trigger.used) problems.add(trigger.at, `the deployment file names trigger ${name} in package ${packageName}, which the manifest does not declare.`);
    }
  }
}
