// A project belongs to the source that last deployed it successfully: the
// one question behind refusing another source's deployment of the same
// project name, and behind undeploying only what a source still owns.
import type { Db } from '@brisk/db';

export interface ProjectOwner {
  /** null for an upload (no source). */
  sourceId: string | null;
  sourceName: string | null;
}

export async function projectOwner(db: Db, namespaceId: string, project: string): Promise<ProjectOwner | undefined> {
  const last = await db.deployment.findFirst({
    where: { namespaceId, project, status: 'succeeded' },
    orderBy: { createdAt: 'desc' },
    select: { sourceId: true, sourceName: true },
  });
  return last ?? undefined;
}
