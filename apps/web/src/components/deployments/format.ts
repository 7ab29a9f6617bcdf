// Console addresses and wording for deployments: links to a deployment and
// to what it changed, short commits, tones of statuses and changes.
import { packageHref, ruleHref, triggerHref } from '@/components/packages/hrefs';
import { actionHref, type Tone } from '@/lib/format';
import type { RouterOutputs } from '@/trpc/react';

export type DeploymentDoc = RouterOutputs['deployments']['get'];
export type DeploymentStatus = DeploymentDoc['status'];
export type EntityChange = DeploymentDoc['changes'][number];
export type SourceDoc = RouterOutputs['deployments']['sources']['get'];

export const deploymentHref = (id: string) => `/deployments/${id}`;
/** A source's panel on the Deployments page. */
export const sourceHref = (name: string) => `/deployments#${sourceAnchor(name)}`;
export const sourceAnchor = (name: string) => `source-${encodeURIComponent(name)}`;

/** Queued or running: its log and status still change. */
export const isLive = (status: DeploymentStatus | undefined) => status === 'queued' || status === 'running';

export const STATUS_TONES: Record<DeploymentStatus, Tone> = {
  queued: '',
  running: 'info',
  succeeded: 'ok',
  failed: 'err',
  superseded: 'warn',
};

export const CHANGE_TONES: Record<EntityChange['change'], Tone> = {
  created: 'ok',
  updated: 'accent',
  deleted: 'err',
  unchanged: '',
};

export const shortCommit = (commit: string | null) => (commit ? commit.slice(0, 7) : undefined);

export const firstLine = (text: string | null) => (text ? (text.split('\n')[0] ?? '') : '');

/** From start (or queueing) to end; undefined while it has not ended. */
export function durationOf(deployment: Pick<DeploymentDoc, 'createdAt' | 'startedAt' | 'endedAt'>): number | undefined {
  if (deployment.endedAt === null) return undefined;
  return deployment.endedAt - (deployment.startedAt ?? deployment.createdAt);
}

/** The console page of what a change names; none for a deleted entity. */
export function changeHref(change: EntityChange): string | undefined {
  if (change.change === 'deleted') return undefined;
  switch (change.entity) {
    case 'action':
      return actionHref(change.name);
    case 'package':
      return packageHref(change.name);
    case 'trigger':
      return triggerHref(change.name);
    case 'rule':
      return ruleHref(change.name);
  }
}

/** An action version's page: the action's Versions tab with that version selected. */
export const actionVersionHref = (path: string, version: string) => `${actionHref(path)}?version=${encodeURIComponent(version)}`;

/** The repository's "Add webhook" page, for github.com repositories. */
export function githubWebhookSettingsUrl(repository: string): string | undefined {
  try {
    const url = new URL(repository);
    const [owner, repo] = url.pathname
      .replace(/^\/+/, '')
      .replace(/\.git$/, '')
      .split('/');
    if (url.hostname !== 'github.com' || !owner || !repo) return undefined;
    return `https://github.com/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/settings/hooks/new`;
  } catch {
    return undefined;
  }
}
