// An activation's input, and running it again: the same action (where it
// really lives, from the record's `path` annotation) with the input it ran
// with, on its newest version or a chosen one. Environment variables are
// never part of the input: a re-run gets the action's current ones.
import type { Db } from '@brisk/db';
import type { CompletionWaiter } from '../completion-waiter.ts';
import type { InvokeDeps } from '../deps.ts';
import type { KeyValue } from '../entity-schemas.ts';
import { badRequest, notFound } from '../errors.ts';
import { invokeAction } from '../invoke.ts';
import { parseEntityPath } from '../names.ts';
import type { Caller } from '../namespaces.ts';
import { inputOfColumn, type ActivationInput } from './activation-input.ts';

async function storedActivation(db: Db, caller: Caller, activationId: string) {
  const row = await db.activation.findUnique({
    where: { activationId },
    select: { namespaceId: true, entityType: true, path: true, annotations: true, input: true },
  });
  if (!row || row.namespaceId !== caller.namespaceId) return undefined;
  return row;
}

/** The input an activation of the caller's ran with; undefined while it runs, or when none was kept. */
export async function getActivationInput(db: Db, caller: Caller, activationId: string): Promise<ActivationInput | undefined> {
  return inputOfColumn((await storedActivation(db, caller, activationId))?.input);
}

/**
 * Invokes the activation's action again, non-blocking, with its input: on
 * `version` if given (any stored version), else the newest. Refused (400)
 * for a trigger firing, and for an input not kept or truncated for size.
 */
export async function rerunActivation(
  deps: InvokeDeps,
  waiter: CompletionWaiter | undefined,
  caller: Caller,
  activationId: string,
  options: { version?: string } = {},
): Promise<{ activationId: string }> {
  const row = await storedActivation(deps.db, caller, activationId);
  if (!row) throw notFound(`The activation ${activationId} does not exist, or has not finished yet.`);
  if (row.entityType === 'trigger') throw badRequest('A trigger firing cannot be re-run: fire the trigger again.');
  const input = inputOfColumn(row.input);
  if (!input)
    throw badRequest(`The input of activation ${activationId} was not kept (it was recorded before inputs were, or its job was lost), so it cannot be re-run.`);
  if (input.truncated.length > 0) {
    throw badRequest(
      `The input of activation ${activationId} was too large to keep whole (${input.truncated.join(', ')} left out), so it cannot be re-run as it was.`,
    );
  }
  const home = (row.annotations as KeyValue[]).find((entry) => entry.key === 'path')?.value;
  const [namespace, ...rest] = typeof home === 'string' ? home.split('/') : [caller.namespace, ...row.path.split('/')];
  const outcome = await invokeAction(deps, waiter, {
    caller,
    namespace: namespace ?? caller.namespace,
    path: parseEntityPath(rest),
    params: input.params,
    blocking: false,
    ...(options.version ? { version: options.version } : {}),
  });
  return { activationId: outcome.activationId };
}
