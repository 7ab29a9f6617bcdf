// A deployment's statuses, and which of them are final: a finished deployment
// is never run again, its log no longer grows, and its record may be trimmed.
export const DEPLOYMENT_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'superseded'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

const FINISHED: readonly string[] = ['succeeded', 'failed', 'superseded'] satisfies DeploymentStatus[];

export function isFinishedDeployment(status: string): boolean {
  return FINISHED.includes(status);
}
