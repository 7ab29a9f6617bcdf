// Environment variables of an action or a package, for the console: names
// only on the way out; changes are {NAME: value} to set, {NAME: null} to
// delete. Writes change how actions run (new stamps), so they go through
// actionWriteProcedure (noteActionsChanged), as the REST routes do.
import { entityNameSchema, getActionEnvironment, getPackageEnvironment, putActionEnvironment, putPackageEnvironment } from '@brisk/core';
import { z } from 'zod';
import { actionPathSchema } from '@/lib/forms';
import { actionWriteProcedure, createTRPCRouter, protectedProcedure } from '../../trpc';
import { entityPath } from '../path';

/** Checked name by name by core (parseEnvironmentChanges), so the console shows the API's messages. */
const changes = z.record(z.string(), z.string().nullable(), { error: 'Changes are NAME: value (or null to delete).' });

export const actionInput = z.object({ path: actionPathSchema });
export const packageInput = z.object({ name: entityNameSchema('package') });

export const environmentRouter = createTRPCRouter({
  action: protectedProcedure.input(actionInput).query(({ ctx, input }) => getActionEnvironment(ctx.web.deps.db, ctx.caller, entityPath(input.path))),

  setAction: actionWriteProcedure
    .input(actionInput.extend({ changes }))
    .mutation(({ ctx, input }) =>
      putActionEnvironment({ db: ctx.web.deps.db, secretsKey: ctx.web.deps.deploySettings.secretsKey }, ctx.caller, entityPath(input.path), input.changes),
    ),

  package: protectedProcedure.input(packageInput).query(({ ctx, input }) => getPackageEnvironment(ctx.web.deps.db, ctx.caller, input.name)),

  setPackage: actionWriteProcedure
    .input(packageInput.extend({ changes }))
    .mutation(({ ctx, input }) =>
      putPackageEnvironment({ db: ctx.web.deps.db, secretsKey: ctx.web.deps.deploySettings.secretsKey }, ctx.caller, input.name, input.changes),
    ),
});
