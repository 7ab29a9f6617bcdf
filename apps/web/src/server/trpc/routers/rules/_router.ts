// Rules: the list, one rule, create, update, delete, enable and disable.
import { deleteRule, entityNameSchema, getRule, keyValueListSchema, listRules, putRule, RULE_STATUSES, setRuleStatus } from '@brisk/core';
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../../trpc';
import { refusingDuplicate } from '../duplicate-name';

const name = entityNameSchema('rule');

export const getInput = z.object({ name });

/** Trigger and action by name (`name`, `pkg/name`, `/ns/pkg/name`); putRule checks that both exist. */
export const saveInput = z.object({
  name,
  trigger: z.string().min(1, 'Choose a trigger.'),
  action: z.string().min(1, 'Choose an action.'),
  annotations: keyValueListSchema,
});

export const statusInput = z.object({ name, status: z.enum(RULE_STATUSES) });

export const rulesRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listRules(ctx.web.deps.db, ctx.caller, { limit: 500, skip: 0 })),

  get: protectedProcedure.input(getInput).query(({ ctx, input }) => getRule(ctx.web.deps.db, ctx.caller, input.name)),

  create: protectedProcedure.input(saveInput).mutation(({ ctx, input }) => {
    const { name: ruleName, ...body } = input;
    return refusingDuplicate('rule', ruleName, () => putRule(ctx.web.deps.db, ctx.caller, ruleName, body, { overwrite: false }));
  }),

  update: protectedProcedure.input(saveInput).mutation(({ ctx, input }) => {
    const { name: ruleName, ...body } = input;
    return putRule(ctx.web.deps.db, ctx.caller, ruleName, body, { overwrite: true });
  }),

  remove: protectedProcedure.input(getInput).mutation(async ({ ctx, input }) => {
    const deleted = await deleteRule(ctx.web.deps.db, ctx.caller, input.name);
    return { name: deleted.name };
  }),

  setStatus: protectedProcedure
    .input(statusInput)
    .mutation(({ ctx, input }) => setRuleStatus(ctx.web.deps.db, ctx.caller, input.name, { status: input.status })),
});
