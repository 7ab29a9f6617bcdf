// Sources: the git repositories connected to the namespace. The webhook URL
// points at the operator's public address, else at the one the browser used.
import { conflict, deleteSource, entityNameSchema, getSource, isBriskError, listSources, publicBaseUrl, putSource } from '@brisk/core';
import { z } from 'zod';
import { type ConsoleContext, createTRPCRouter, protectedProcedure } from '../../trpc';

const name = entityNameSchema('source');

export const getInput = z.object({ name });

export const connectInput = z.object({
  name,
  repository: z.string().trim().min(1, 'Enter the repository URL.').max(2_000),
  branch: z.string().trim().min(1).max(255).optional(),
  path: z.string().trim().max(1_000).optional(),
  token: z.string().min(1).max(4_096).optional(),
  variables: z.record(z.string(), z.string().max(65_536)).optional(),
});

/** Changes a connected source: what is left out is kept; `token: null` removes the stored token, `variables` replaces them all. */
export const updateInput = z.object({
  name,
  repository: z.string().trim().min(1, 'Enter the repository URL.').max(2_000).optional(),
  branch: z.string().trim().min(1).max(255).optional(),
  path: z.string().trim().max(1_000).optional(),
  token: z.string().min(1).max(4_096).nullable().optional(),
  variables: z.record(z.string(), z.string().max(65_536)).optional(),
});

export const removeInput = z.object({ name, undeploy: z.boolean().default(false) });

function baseUrl(ctx: ConsoleContext): string {
  return publicBaseUrl(ctx.web.deps.deploySettings, ctx.origin);
}

export const sourcesRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listSources(ctx.web.deps.db, ctx.web.deps.deploySettings, ctx.caller, { limit: 200, skip: 0 }, baseUrl(ctx))),

  get: protectedProcedure
    .input(getInput)
    .query(({ ctx, input }) => getSource(ctx.web.deps.db, ctx.web.deps.deploySettings, ctx.caller, input.name, baseUrl(ctx))),

  /** Connects a new repository; the answer holds the webhook's secret, shown this once. */
  connect: protectedProcedure.input(connectInput).mutation(async ({ ctx, input }) => {
    const { name: sourceName, ...body } = input;
    // PUT would update a source of this name and keep its secret: the form is for new ones.
    const existing = await getSource(ctx.web.deps.db, ctx.web.deps.deploySettings, ctx.caller, sourceName, baseUrl(ctx)).catch((error: unknown) => {
      if (isBriskError(error) && error.kind === 'not-found') return undefined;
      throw error;
    });
    if (existing) throw conflict(`A source named ${sourceName} is already connected (to ${existing.repository}); choose another name.`);
    return putSource(ctx.web.deps.db, ctx.web.deps.deploySettings, ctx.caller, sourceName, body, { rotateSecret: false, baseUrl: baseUrl(ctx) });
  }),

  /** Edits a connected source; its webhook secret stays. */
  update: protectedProcedure.input(updateInput).mutation(async ({ ctx, input }) => {
    const { db, deploySettings } = ctx.web.deps;
    const { name: sourceName, ...body } = input;
    // PUT would connect a new source under a name that is not there: editing needs one that is.
    await getSource(db, deploySettings, ctx.caller, sourceName, baseUrl(ctx));
    return putSource(db, deploySettings, ctx.caller, sourceName, body, { rotateSecret: false, baseUrl: baseUrl(ctx) });
  }),

  /** A new webhook secret (the old one stops working at once); the answer holds it, shown this once. */
  rotateSecret: protectedProcedure.input(getInput).mutation(async ({ ctx, input }) => {
    const { db, deploySettings } = ctx.web.deps;
    const source = await getSource(db, deploySettings, ctx.caller, input.name, baseUrl(ctx));
    // Repository, branch and folder given as they are, so that only the secret changes.
    const body = { repository: source.repository, branch: source.branch, path: source.path };
    return putSource(db, deploySettings, ctx.caller, input.name, body, { rotateSecret: true, baseUrl: baseUrl(ctx) });
  }),

  /** Disconnects; with `undeploy`, what the source deployed is deleted too. */
  remove: protectedProcedure.input(removeInput).mutation(({ ctx, input }) => deleteSource(ctx.web.deps, ctx.caller, input.name, { undeploy: input.undeploy })),
});
