import { Prisma } from '@brisk/db';
import { conflict } from './errors.ts';

/**
 * Runs a create-or-update. When another request created, changed or deleted
 * the same entity in between (a unique clash, or the row to update gone), the
 * caller gets a 409 saying so instead of a 500.
 */
export async function conflictOnRace<T>(entity: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2002' || error.code === 'P2025')) {
      throw conflict(`${entity} was changed by another request at the same time; try again.`);
    }
    throw error;
  }
}
