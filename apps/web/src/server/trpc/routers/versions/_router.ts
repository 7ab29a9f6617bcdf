// An action's history: every version, any one version's code, roll back.
import { getActionVersion, listActionVersions, rollbackAction } from '@brisk/core';
import { z } from 'zod';
import { actionPathSchema } from '@/lib/forms';
import { createTRPCRouter, actionWriteProcedure, protectedProcedure } from '../../trpc';
import { entityPath } from '../path';

const version = z.string().regex(/^\d+\.\d+\.\d+$/, 'A version looks like 0.0.1.');

export const listInput = z.object({ path: actionPathSchema });
export const getInput = z.object({ path: actionPathSchema, version });
export const rollbackInput = z.object({ path: actionPathSchema, version });

export const versionsRouter = createTRPCRouter({
  list: protectedProcedure.input(listInput).query(({ ctx, input }) => listActionVersions(ctx.web.deps.db, ctx.caller, entityPath(input.path))),

  get: protectedProcedure.input(getInput).query(({ ctx, input }) => getActionVersion(ctx.web.deps.db, ctx.caller, entityPath(input.path), input.version)),

  /** Saves the old version's state as a new version. */
  rollback: actionWriteProcedure
    .input(rollbackInput)
    .mutation(({ ctx, input }) => rollbackAction(ctx.web.deps.db, ctx.caller, entityPath(input.path), input.version)),
});
