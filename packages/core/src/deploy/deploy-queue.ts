// The queue deployments wait on. Unlike activations (at most once), a
// deployment is retried if the worker running it dies: applying a project
// is one transaction and a finished deployment is never run again, so a
// second attempt is safe.
import { type ConnectionOptions, Queue } from 'bullmq';

export const DEPLOY_QUEUE = 'deployments';

export interface DeployJob {
  deploymentId: string;
}

export type DeployQueue = Queue<DeployJob, void, string>;

export function openDeployQueue(connection: ConnectionOptions, prefix: string): DeployQueue {
  return new Queue<DeployJob, void, string>(DEPLOY_QUEUE, { connection, prefix });
}

export async function enqueueDeployment(queue: DeployQueue, deploymentId: string): Promise<void> {
  // The id is the job's id: enqueuing the same deployment twice runs it once.
  await queue.add(
    'deploy',
    { deploymentId },
    { jobId: deploymentId, attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: 1_000, removeOnFail: 1_000 },
  );
}
