// The action a route may run: one the caller may invoke (its own, through a
// binding, or in another namespace's published package) that is a web action.
import type { Db } from '@brisk/db';
import { getReadableAction } from '../action-resolver.ts';
import { badRequest, forbidden, isBriskError } from '../errors.ts';
import type { Caller } from '../namespaces.ts';
import type { QualifiedName } from '../qualified-names.ts';
import { webActionOptions } from '../web-actions/annotations.ts';

/**
 * Checks the action and answers where it really lives, fully qualified
 * (`/guest/pkg/hello`; a binding leads to the bound package), which is what
 * the gateway serves. A missing action or one that is not a web action is a
 * 400 saying so (the latter in the words of OpenWhisk's CLI); another
 * namespace's private action is a 403, whether or not it exists.
 */
export async function routeTarget(db: Db, caller: Caller, action: QualifiedName): Promise<string> {
  const shown = `/${action.namespace}/${action.packageName ? `${action.packageName}/` : ''}${action.name}`;
  let document: Awaited<ReturnType<typeof getReadableAction>>;
  try {
    document = await getReadableAction(db, caller, action.namespace, { packageName: action.packageName, name: action.name }, { code: false });
  } catch (error) {
    if (!isBriskError(error)) throw error;
    if (error.kind === 'not-found') throw badRequest(`The action ${shown} does not exist: create it as a web action before its route.`);
    if (error.kind === 'forbidden') {
      throw forbidden(`The action ${shown} is not yours to route: another namespace's action must be in a package it publishes.`);
    }
    throw error;
  }
  if (!webActionOptions(document.annotations).exported) {
    throw badRequest(`Action '${shown}' is not a web action. Issue 'wsk action update "${shown}" --web true' to convert the action to a web action.`);
  }
  return `/${document.namespace}/${document.name}`;
}
