// Packages and bindings: the list (with action counts), one package with its
// actions, create, update, delete (force deletes its actions too), and the
// packages a binding may refer to. Every write changes how actions resolve,
// so it goes through actionWriteProcedure (noteActionsChanged), as the REST
// routes do.
import {
  deletePackage,
  entityNameSchema,
  getPackageDetail,
  keyValueListSchema,
  listPackageCatalog,
  listPackages,
  MAX_LIST_LIMIT,
  putPackage,
} from '@brisk/core';
import { z } from 'zod';
import { actionWriteProcedure, createTRPCRouter, protectedProcedure } from '../../trpc';
import { refusingDuplicate } from '../duplicate-name';

const name = entityNameSchema('package');

export const getInput = z.object({ name });

export const createInput = z.object({
  name,
  publish: z.boolean().optional(),
  parameters: keyValueListSchema,
  annotations: keyValueListSchema,
  /** Set to create a binding; checked by putPackage (it must exist and be a package one may bind). */
  binding: z.object({ namespace: z.string(), name: z.string() }).optional(),
});

/** A binding stays bound to its package; only these change. */
export const updateInput = z.object({
  name,
  publish: z.boolean().optional(),
  parameters: keyValueListSchema,
  annotations: keyValueListSchema,
});

export const removeInput = z.object({
  name,
  /** Also delete the actions the package holds (otherwise a package with actions is a conflict). */
  force: z.boolean().default(false),
});

export const packagesRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listPackageCatalog(ctx.web.deps.db, ctx.caller, { limit: 500 })),

  get: protectedProcedure.input(getInput).query(({ ctx, input }) => getPackageDetail(ctx.web.deps.db, ctx.caller, input.name)),

  /** Packages one could bind: one's own and every namespace's published ones (bindings among them are not bindable). */
  bindable: protectedProcedure.query(({ ctx }) =>
    listPackages(ctx.web.deps.db, ctx.caller, ctx.caller.namespace, { public: true, limit: MAX_LIST_LIMIT, skip: 0 }),
  ),

  create: actionWriteProcedure.input(createInput).mutation(({ ctx, input }) => {
    const { name: packageName, ...body } = input;
    return refusingDuplicate('package', packageName, () => putPackage(ctx.web.deps.db, ctx.caller, packageName, body, { overwrite: false }));
  }),

  update: actionWriteProcedure.input(updateInput).mutation(({ ctx, input }) => {
    const { name: packageName, ...body } = input;
    return putPackage(ctx.web.deps.db, ctx.caller, packageName, body, { overwrite: true });
  }),

  remove: actionWriteProcedure.input(removeInput).mutation(async ({ ctx, input }) => {
    const deleted = await deletePackage(ctx.web.deps.db, ctx.caller, input.name, { force: input.force });
    return { name: deleted.name };
  }),
});
