// Named test payloads of an action (stored as its `brisk:testPayloads` annotation).
import { deleteTestPayload, saveTestPayload, testPayloadSchema, testPayloadsOf } from '@brisk/core';
import { z } from 'zod';
import { actionPathSchema } from '@/lib/forms';
import { createTRPCRouter, actionWriteProcedure } from '../../trpc';
import { entityPath } from '../path';

export const saveInput = z.object({ path: actionPathSchema, testPayload: testPayloadSchema });
export const removeInput = z.object({ path: actionPathSchema, name: z.string().min(1) });

export const testPayloadsRouter = createTRPCRouter({
  save: actionWriteProcedure.input(saveInput).mutation(async ({ ctx, input }) => {
    const action = await saveTestPayload(ctx.web.deps.db, ctx.caller, entityPath(input.path), input.testPayload);
    return { version: action.version, testPayloads: testPayloadsOf(action.annotations) };
  }),

  remove: actionWriteProcedure.input(removeInput).mutation(async ({ ctx, input }) => {
    const action = await deleteTestPayload(ctx.web.deps.db, ctx.caller, entityPath(input.path), input.name);
    return { version: action.version, testPayloads: testPayloadsOf(action.annotations) };
  }),
});
