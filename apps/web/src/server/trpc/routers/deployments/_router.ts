// Push-to-deploy: the connected repositories (`sources`), their deployments
// page by page, one deployment with its changes and log, and the two ways to
// start one by hand: redeploy a commit, roll back to what a deployment left.
import { entityNameSchema, getDeployment, getDeploymentLogs, isUuid, listDeployments, startManualDeployment, startRollback } from '@brisk/core';
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../../trpc';
import { followDeployment } from './follow';
import { sourcesRouter } from './sources';

const id = z.string().refine(isUuid, 'A deployment id is a UUID.');

export const listInput = z.object({
  source: entityNameSchema('source').optional(),
  /** Only deployments no connected source holds: uploads, and those of disconnected sources. */
  sourceless: z.boolean().optional(),
  limit: z.number().int().min(1).max(100).default(20),
  skip: z.number().int().min(0).default(0),
});

export const getInput = z.object({ id });

export const followInput = z.object({ id, lastEventId: z.string().max(64).nullish() });

export const redeployInput = z.object({
  source: entityNameSchema('source'),
  /** The commit to deploy; the branch's head when absent. */
  commit: z.string().optional(),
});

export const deploymentsRouter = createTRPCRouter({
  sources: sourcesRouter,

  /** Newest first. */
  list: protectedProcedure.input(listInput).query(({ ctx, input }) => {
    const { limit, skip, ...filter } = input;
    return listDeployments(ctx.web.deps.db, ctx.caller, filter, { limit, skip });
  }),

  get: protectedProcedure.input(getInput).query(({ ctx, input }) => getDeployment(ctx.web.deps.db, ctx.caller, input.id)),

  /** The lines so far and the status. */
  logs: protectedProcedure.input(getInput).query(({ ctx, input }) => getDeploymentLogs(ctx.web.deps.db, ctx.caller, input.id)),

  /** The log live, line by line (resuming after `lastEventId`), then the finished deployment. */
  follow: protectedProcedure
    .input(followInput)
    .subscription(({ ctx, input, signal }) => followDeployment(ctx.web.deps, ctx.caller, input.id, input.lastEventId ?? undefined, signal)),

  redeploy: protectedProcedure
    .input(redeployInput)
    .mutation(({ ctx, input }) => startManualDeployment(ctx.web.deps.db, ctx.web.deps.deployQueue, ctx.caller, input)),

  /** A new deployment restoring what `id` left. */
  rollback: protectedProcedure.input(getInput).mutation(({ ctx, input }) => startRollback(ctx.web.deps.db, ctx.web.deps.deployQueue, ctx.caller, input.id)),
});
