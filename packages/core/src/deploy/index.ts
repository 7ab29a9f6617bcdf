// Push-to-deploy: sources (connected repositories), the webhook, deployments
// and the engine that applies a project to a namespace.
export * from './project-spec.ts';
export * from './settings.ts';
export * from './deploy-queue.ts';
export * from './sources.ts';
export * from './deployments.ts';
export * from './webhook.ts';
export { MAX_UPLOAD_BYTES, readProjectArchive, startUploadDeployment } from './upload.ts';
export * from './deployment-log.ts';
export { deployProject, projectHash } from './engine/deploy-project.ts';
export type { EntityChange, ChangeType, EntityType } from './engine/plan.ts';
export { MANAGED_KEY, managedBy, type ManagedBy } from './engine/managed.ts';
export { takeSourceTurn, type SourceTurn } from './source-turn.ts';
export { runDeployment, strandedDeployments, type DeploymentRunnerDeps } from './run-deployment.ts';
export { parseProject, directoryFiles, memoryFiles } from './manifest/index.ts';
