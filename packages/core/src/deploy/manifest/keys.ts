// Which keys each part of a manifest may have. A key Brisk does not act on is
// refused by name rather than dropped: a developer who wrote `apis:` or
// `docker:` must learn it was not deployed, not find out in production.
import type { Problems } from './problems.ts';
import type { Entry } from './yaml-file.ts';

export interface KeyRules {
  /** Keys the parser reads (or, for harmless metadata such as `version`, accepts and ignores). */
  allowed: readonly string[];
  /** Known wskdeploy keys Brisk refuses, with the reason. */
  refused: Readonly<Record<string, string>>;
}

const NAMESPACE_REASON = 'is not read from a manifest: a project deploys into the namespace its source is connected to';
const notYet = (detail?: string) => `is not supported by Brisk yet${detail ? ` (${detail})` : ''}`;

const TARGET_KEYS = {
  namespace: NAMESPACE_REASON,
  credential: NAMESPACE_REASON,
  apiHost: NAMESPACE_REASON,
  apigwAccessToken: NAMESPACE_REASON,
};

export const FILE_KEYS: KeyRules = {
  allowed: ['project', 'packages'],
  refused: { package: 'is the old single-package form; write packages: {name: {...}} instead' },
};

export const PROJECT_KEYS: KeyRules = {
  // version and description describe the project to its readers; nothing in OpenWhisk stores them.
  allowed: ['name', 'packages', 'version', 'description'],
  refused: { ...TARGET_KEYS, config: NAMESPACE_REASON, inputs: notYet(), dependencies: notYet() },
};

export const PACKAGE_KEYS: KeyRules = {
  allowed: ['version', 'license', 'description', 'public', 'inputs', 'annotations', 'actions', 'sequences', 'triggers', 'rules'],
  refused: {
    ...TARGET_KEYS,
    apis: notYet('API gateway routes'),
    dependencies: notYet('package bindings and other projects'),
    repositories: notYet(),
    feeds: notYet(),
    compositions: notYet(),
  },
};

export const ACTION_KEYS: KeyRules = {
  allowed: ['function', 'code', 'runtime', 'kind', 'main', 'inputs', 'annotations', 'limits', 'web', 'web-export', 'description', 'version'],
  refused: {
    ...TARGET_KEYS,
    docker: notYet('blackbox actions'),
    native: notYet('blackbox actions'),
    conductor: notYet(),
    feed: notYet('feed actions'),
    outputs: 'is not supported: OpenWhisk does not store outputs; remove it',
    include: notYet('a folder is zipped as it is'),
    exclude: notYet('a folder is zipped as it is'),
    location: 'is not supported: use function',
    exposedUrl: notYet(),
    'raw-http': 'is not supported as an action key: write web: raw',
    final: 'is not supported as an action key: web: true sets it; otherwise put final under annotations',
  },
};

export const SEQUENCE_KEYS: KeyRules = {
  allowed: ['actions', 'web', 'web-export', 'annotations', 'inputs', 'description'],
  refused: { ...TARGET_KEYS },
};

export const TRIGGER_KEYS: KeyRules = {
  allowed: ['feed', 'inputs', 'annotations', 'description'],
  refused: { ...TARGET_KEYS, events: notYet(), source: notYet() },
};

export const RULE_KEYS: KeyRules = {
  // A rule has no annotations in Brisk, so its description is read but not stored.
  allowed: ['trigger', 'action', 'rule', 'description'],
  refused: { ...TARGET_KEYS, annotations: notYet('rules have no annotations') },
};

export const LIMIT_KEYS: KeyRules = {
  allowed: ['timeout', 'memorySize', 'logSize', 'concurrentActivations'],
  refused: {
    codeSize: "is not a limit an action can set (the code limit is the platform's)",
    parameterSize: "is not a limit an action can set (the parameter limit is the platform's)",
    userInvocationRate: "is not a limit an action can set (invocation rates are the namespace's)",
  },
};

export const DEPLOYMENT_FILE_KEYS: KeyRules = { allowed: ['project', 'packages'], refused: {} };
export const DEPLOYMENT_PROJECT_KEYS: KeyRules = { allowed: ['name', 'packages'], refused: { ...TARGET_KEYS } };
export const DEPLOYMENT_PACKAGE_KEYS: KeyRules = {
  allowed: ['inputs', 'actions', 'triggers'],
  refused: { ...TARGET_KEYS, dependencies: notYet() },
};
export const DEPLOYMENT_ENTITY_KEYS: KeyRules = { allowed: ['inputs'], refused: { ...TARGET_KEYS } };

/**
 * The entries whose keys `rules` allows; every other one is a problem that
 * names the key (and, for a known one, why Brisk refuses it).
 */
export function allowedEntries(entries: Entry[], rules: KeyRules, where: string, problems: Problems, entity?: string): Map<string, Entry> {
  const kept = new Map<string, Entry>();
  for (const entry of entries) {
    const reason = Object.hasOwn(rules.refused, entry.key) ? rules.refused[entry.key] : undefined;
    if (reason) problems.add(entry.at, `${entry.key} ${reason}.`, entity);
    else if (!rules.allowed.includes(entry.key)) {
      problems.add(entry.at, `${entry.key} is not a key Brisk knows in ${where}; use: ${rules.allowed.join(', ')}.`, entity);
    } else kept.set(entry.key, entry);
  }
  return kept;
}
