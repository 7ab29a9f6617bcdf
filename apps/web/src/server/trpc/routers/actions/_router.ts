// Actions: the list, one action, save (create or new version), delete, run.
import { deleteAction, getAction, invokeAction, putAction, searchActions, testPayloadsOf, type ActionPut } from '@brisk/core';
import { z } from 'zod';
import { actionPathSchema } from '@/lib/forms';
import { createTRPCRouter, actionWriteProcedure, protectedProcedure } from '../../trpc';
import { refusingDuplicate } from '../duplicate-name';
import { entityPath } from '../path';

export const listInput = z.object({
  query: z.string().max(256).optional(),
  kind: z.string().max(64).optional(),
});

export const getInput = z.object({ path: actionPathSchema });

/**
 * The action is validated by putAction with core's actionPutSchema, as the
 * REST API validates it, so both answer a bad action with the same message.
 */
export const saveInput = z.object({
  path: actionPathSchema,
  action: z.custom<ActionPut>((value) => typeof value === 'object' && value !== null, 'The action must be an object.'),
  /** True to create (refused if it exists), false to save a new version of an existing action. */
  create: z.boolean(),
  /** The version the edits were made on: the save is refused (PRECONDITION_FAILED) when another save came in between. */
  baseVersion: z.string().max(64).optional(),
});

export const removeInput = z.object({ path: actionPathSchema });

export const invokeInput = z.object({
  path: actionPathSchema,
  params: z.record(z.string(), z.unknown(), { error: 'The payload must be a JSON object.' }),
});

export const actionsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listInput)
    .query(({ ctx, input }) => searchActions(ctx.web.deps.db, ctx.caller, { query: input.query, kind: input.kind, limit: 500 })),

  get: protectedProcedure.input(getInput).query(async ({ ctx, input }) => {
    const action = await getAction(ctx.web.deps.db, ctx.caller, entityPath(input.path));
    return { action, testPayloads: testPayloadsOf(action.annotations) };
  }),

  save: actionWriteProcedure.input(saveInput).mutation(({ ctx, input }) => {
    const save = () =>
      putAction(ctx.web.deps.db, ctx.caller, entityPath(input.path), input.action, {
        overwrite: !input.create,
        ...(input.baseVersion && !input.create ? { ifMatch: [input.baseVersion] } : {}),
      });
    return input.create ? refusingDuplicate('action', input.path, save) : save();
  }),

  remove: actionWriteProcedure.input(removeInput).mutation(async ({ ctx, input }) => {
    const deleted = await deleteAction(ctx.web.deps.db, ctx.caller, entityPath(input.path));
    return { name: deleted.name };
  }),

  /**
   * Runs the action without waiting: the console learns the activation id at
   * once and follows its logs live (activations.follow) until it ends.
   */
  invoke: protectedProcedure.input(invokeInput).mutation(async ({ ctx, input }) => {
    const outcome = await invokeAction(ctx.web.deps, undefined, {
      caller: ctx.caller,
      path: entityPath(input.path),
      params: input.params,
      blocking: false,
    });
    return { activationId: outcome.activationId };
  }),
});
