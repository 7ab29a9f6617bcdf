// Running an older version of an action (the console's re-run on a chosen
// version): every version is kept with its code and limits, and the worker
// runs whatever version the job names, so pinning is only a matter of naming
// a stored one in the job, with that version's kind and limits.
import type { Db } from '@brisk/db';
import { notFound } from '../errors.ts';
import type { PreparedInvocation } from './prepare.ts';

export async function pinVersion(deps: { db: Db }, prepared: PreparedInvocation, version: string): Promise<PreparedInvocation> {
  const { action, job } = prepared;
  if (version === action.version) return prepared;
  const row = await deps.db.actionVersion.findUnique({
    where: { actionId_version: { actionId: action.id, version } },
    select: { kind: true, timeoutMs: true, memoryMb: true },
  });
  if (!row) throw notFound(`The action ${job.action.packageName ? `${job.action.packageName}/` : ''}${job.action.name} has no version ${version}.`);
  return {
    action: { ...action, version, kind: row.kind, timeoutMs: row.timeoutMs, memoryMb: row.memoryMb },
    job: { ...job, action: { ...job.action, version, kind: row.kind } },
  };
}
