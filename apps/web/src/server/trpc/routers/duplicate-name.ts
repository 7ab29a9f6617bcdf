import { conflict, isBriskError } from '@brisk/core';

/**
 * Runs a console create. With `overwrite: false` the services' only conflict
 * is a name already taken, and their message speaks to API clients ("set
 * overwrite=true to update it"), which the console has no such switch for;
 * the console says what to do in its own terms.
 */
export async function refusingDuplicate<T>(what: 'action' | 'package' | 'trigger' | 'rule', name: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (isBriskError(error) && error.kind === 'conflict') {
      throw conflict(`${what === 'action' ? 'An' : 'A'} ${what} named ${name} already exists; open it or choose another name.`);
    }
    throw error;
  }
}
