// What a project's deployment history keeps. Every succeeded deployment
// stores the project it applied, code included (a rollback needs nothing
// else), and every deployment its log, so a project pushed all day would
// grow without end: the newest KEEP_SPECS succeeded deployments keep their
// project, the newest KEEP_RECORDS deployments their record. Rolling back
// further than that answers 409 saying so; the commit can still be deployed.
import type { Db } from '@brisk/db';
import { Prisma } from '@brisk/db';
import { isFinishedDeployment } from './deployment-status.ts';

export const KEEP_SPECS = 20;
export const KEEP_RECORDS = 500;

/** Trims one project's history in a namespace; called after each of its deployments ends. */
export async function pruneDeploymentHistory(db: Db, namespaceId: string, project: string): Promise<{ specsDropped: number; recordsDeleted: number }> {
  const restorable = await db.deployment.findMany({
    where: { namespaceId, project, status: 'succeeded', spec: { not: Prisma.DbNull } },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  const kept = restorable.slice(0, KEEP_SPECS).map((row) => row.id);
  const dropped = restorable.slice(KEEP_SPECS).map((row) => row.id);
  const specs = dropped.length ? await db.deployment.updateMany({ where: { id: { in: dropped } }, data: { spec: Prisma.DbNull } }) : { count: 0 };
  const old = await db.deployment.findMany({
    where: { namespaceId, project },
    orderBy: { createdAt: 'desc' },
    skip: KEEP_RECORDS,
    select: { id: true, status: true },
  });
  // Queued and running ones are never old for long; the restorable ones stay with their project.
  const deletable = old.filter((row) => isFinishedDeployment(row.status) && !kept.includes(row.id)).map((row) => row.id);
  const records = deletable.length ? await db.deployment.deleteMany({ where: { id: { in: deletable } } }) : { count: 0 };
  return { specsDropped: specs.count, recordsDeleted: records.count };
}
