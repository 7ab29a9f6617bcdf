// Triggers: the list, one trigger with its rules, create, update, delete,
// fire with a payload, and what its recent firings did.
import { deleteTrigger, entityNameSchema, fireTrigger, getTrigger, keyValueListSchema, listTriggerFirings, listTriggers, putTrigger } from '@brisk/core';
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../../trpc';

const name = entityNameSchema('trigger');

export const getInput = z.object({ name });

export const saveInput = z.object({
  name,
  parameters: keyValueListSchema,
  annotations: keyValueListSchema,
});

export const fireInput = z.object({
  name,
  payload: z.record(z.string(), z.unknown(), { error: 'The payload must be a JSON object.' }),
});

export const firingsInput = z.object({ name, limit: z.number().int().min(1).max(100).default(20) });

export const triggersRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listTriggers(ctx.web.deps.db, ctx.caller, { limit: 500, skip: 0 })),

  get: protectedProcedure.input(getInput).query(({ ctx, input }) => getTrigger(ctx.web.deps.db, ctx.caller, input.name)),

  create: protectedProcedure.input(saveInput).mutation(({ ctx, input }) => {
    const { name: triggerName, ...body } = input;
    return putTrigger(ctx.web.deps.db, ctx.caller, triggerName, body, { overwrite: false });
  }),

  update: protectedProcedure.input(saveInput).mutation(({ ctx, input }) => {
    const { name: triggerName, ...body } = input;
    return putTrigger(ctx.web.deps.db, ctx.caller, triggerName, body, { overwrite: true });
  }),

  remove: protectedProcedure.input(getInput).mutation(async ({ ctx, input }) => {
    const deleted = await deleteTrigger(ctx.web.deps.db, ctx.caller, input.name);
    return { name: deleted.name };
  }),

  /** As `POST /triggers/{name}`: `fired: false` is the API's 204 (no active rule, nothing recorded). */
  fire: protectedProcedure.input(fireInput).mutation(({ ctx, input }) => fireTrigger(ctx.web.deps, ctx.caller, input.name, input.payload)),

  firings: protectedProcedure
    .input(firingsInput)
    .query(({ ctx, input }) => listTriggerFirings(ctx.web.deps.db, ctx.caller, input.name, { limit: input.limit })),
});
