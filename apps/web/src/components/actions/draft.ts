// The editor's working copy of an action, and the checks it passes before it
// is sent: the same zod schemas (and messages) the server applies.
import type { ActionPut } from '@brisk/core';
import { ACTION_LIMITS, actionLimitsSchema } from '@brisk/core/browser';
import { checkKvRows, kvRowsOf, type KvRow } from '@/lib/kv-rows';
import type { RouterOutputs } from '@/trpc/react';

/** An action as the console's API returns it. */
export type ActionDoc = RouterOutputs['actions']['get']['action'];
type Entry = { key: string; value?: unknown };

/** Annotations the platform or the console manages; not edited as plain annotations. */
export const MANAGED_ANNOTATIONS = ['exec', 'brisk:testPayloads'];

export interface Draft {
  code: string;
  main: string;
  components: string[];
  parameters: KvRow[];
  annotations: KvRow[];
  limits: { timeout: string; memory: string; logs: string; concurrency: string };
}

export function defaultLimits(): Draft['limits'] {
  return {
    timeout: String(ACTION_LIMITS.timeoutMs.default),
    memory: String(ACTION_LIMITS.memoryMb.default),
    logs: String(ACTION_LIMITS.logsMb.default),
    concurrency: String(ACTION_LIMITS.concurrency.default),
  };
}

export function draftOf(action: ActionDoc): Draft {
  return {
    code: action.exec.code ?? '',
    main: action.exec.main ?? '',
    components: action.exec.components ?? [],
    parameters: kvRowsOf(action.parameters),
    annotations: kvRowsOf(action.annotations, MANAGED_ANNOTATIONS),
    limits: {
      timeout: String(action.limits.timeout),
      memory: String(action.limits.memory),
      logs: String(action.limits.logs),
      concurrency: String(action.limits.concurrency),
    },
  };
}

export function emptyDraft(code: string): Draft {
  return { code, main: '', components: [], parameters: [], annotations: [], limits: defaultLimits() };
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface DraftProblems {
  parameters?: string;
  annotations?: string;
  limits: Partial<Record<keyof Draft['limits'], string>>;
  components?: string;
  /** Any problem at all, as one sentence per problem. */
  all: string[];
}

/**
 * The body to PUT for a draft, or the problems that stop it. `hidden` are the
 * managed annotations to keep (saving replaces the annotation list).
 */
export function bodyOf(draft: Draft, kind: string, hidden: Entry[]): { body?: ActionPut; problems: DraftProblems } {
  const problems: DraftProblems = { limits: {}, all: [] };
  const parameters = checkKvRows(draft.parameters, 'Parameter');
  const annotations = checkKvRows(draft.annotations, 'Annotation');
  if (parameters.problem) problems.parameters = parameters.problem;
  if (annotations.problem) problems.annotations = annotations.problem;
  if (annotations.entries.some((entry) => MANAGED_ANNOTATIONS.includes(entry.key))) {
    problems.annotations = `Annotation: ${MANAGED_ANNOTATIONS.join(' and ')} are managed by Brisk.`;
  }

  const limitValues: Record<string, number> = {};
  for (const [name, text] of Object.entries(draft.limits) as [keyof Draft['limits'], string][]) {
    limitValues[name] = text.trim() === '' ? Number.NaN : Number(text);
  }
  const limits = actionLimitsSchema.safeParse(limitValues);
  if (!limits.success) {
    for (const issue of limits.error.issues) {
      const field = issue.path[0] as keyof Draft['limits'];
      problems.limits[field] ??= issue.message;
    }
  }
  if (kind === 'sequence' && draft.components.length === 0) problems.components = 'A sequence needs at least one action.';

  problems.all = [
    ...(problems.parameters ? [problems.parameters] : []),
    ...(problems.annotations ? [problems.annotations] : []),
    ...Object.values(problems.limits),
    ...(problems.components ? [problems.components] : []),
  ];
  if (problems.all.length > 0 || !limits.success) return { problems };

  const exec: NonNullable<ActionPut['exec']> =
    kind === 'sequence' ? { kind, components: draft.components } : { kind, code: draft.code, ...(draft.main.trim() ? { main: draft.main.trim() } : {}) };
  return {
    problems,
    body: {
      exec,
      parameters: parameters.entries,
      annotations: [...annotations.entries, ...hidden.filter((entry) => entry.key !== 'exec').map((entry) => ({ key: entry.key, value: entry.value }))],
      limits: limits.data,
    },
  };
}
