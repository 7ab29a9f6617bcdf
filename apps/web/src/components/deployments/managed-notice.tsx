'use client';
// On an entity deployed from git: which project manages it and which
// deployment wrote it, since edits made here last only until the next push.
// Reads OpenWhisk's `whisk-managed` annotation ({projectName, deployment, ...}).
import Link from 'next/link';
import { deploymentHref } from './format';

const MANAGED_KEY = 'whisk-managed';

export interface Managed {
  projectName: string;
  deployment?: string;
  file?: string;
}

export function managedOf(annotations: readonly { key: string; value?: unknown }[]): Managed | undefined {
  const value = annotations.find((entry) => entry.key === MANAGED_KEY)?.value as Record<string, unknown> | null | undefined;
  if (typeof value?.projectName !== 'string') return undefined;
  return {
    projectName: value.projectName,
    ...(typeof value.deployment === 'string' ? { deployment: value.deployment } : {}),
    ...(typeof value.file === 'string' ? { file: value.file } : {}),
  };
}

export function ManagedNotice({ annotations }: { annotations: readonly { key: string; value?: unknown }[] }) {
  const managed = managedOf(annotations);
  if (!managed) return null;
  return (
    <div className="banner warn" role="note" aria-label="Deployed from git" data-testid="managed-notice">
      <span>
        Deployed from git by project <strong>{managed.projectName}</strong>
        {managed.deployment && (
          <>
            {' '}
            (<Link href={deploymentHref(managed.deployment)}>deployment {managed.deployment.slice(0, 8)}</Link>
            {managed.file ? `, ${managed.file}` : ''})
          </>
        )}
        : edits here will be overwritten by the next push.
      </span>
    </div>
  );
}
