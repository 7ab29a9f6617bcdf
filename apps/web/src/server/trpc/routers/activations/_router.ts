// Activations: keyset pages with filters, one record with the activations
// it caused, and the two live views (follow one run, tail the namespace).
import {
  ACTIVATION_STATUS_FILTERS,
  activationEntityType,
  getActivation,
  getActivationInput,
  listActivationPage,
  listCausedActivations,
  MAX_LIST_LIMIT,
  namespaceLimits,
  rerunActivation,
} from '@brisk/core';
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../../trpc';
import { followActivation } from './follow';
import { tailActivations } from './tail';

const activationId = z.string().regex(/^[0-9a-f]{32}$/, 'An activation id is 32 hexadecimal characters.');
const cursor = z.object({ start: z.number().int().nonnegative(), activationId: z.string().max(32) });

export const filterInput = z.object({
  path: z.string().max(600).optional(),
  status: z.enum(ACTIVATION_STATUS_FILTERS).optional(),
  since: z.number().int().nonnegative().optional(),
  upto: z.number().int().nonnegative().optional(),
});

export const pageInput = filterInput.extend({
  before: cursor.optional(),
  after: cursor.optional(),
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).default(50),
});

export const getInput = z.object({ activationId });
export const rerunInput = z.object({
  activationId,
  /** A stored version of the action; absent for its newest. */
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'A version looks like 0.0.1.')
    .optional(),
});
export const followInput = z.object({
  activationId,
  /** Set by the client when it reconnects: the last log line it got. */
  lastEventId: z.string().max(100).nullish(),
});
export const tailInput = filterInput.pick({ path: true, status: true }).extend({
  /** Set by the client when it reconnects: where the tail left off. */
  lastEventId: z.string().max(100).nullish(),
});

export const activationsRouter = createTRPCRouter({
  /** How many days the namespace's records are kept (the list says so). */
  retention: protectedProcedure.query(async ({ ctx }) => ({ days: (await namespaceLimits(ctx.web.deps.db, ctx.caller.namespaceId)).activationRetentionDays })),

  page: protectedProcedure.input(pageInput).query(({ ctx, input }) => {
    const { before, after, limit, ...query } = input;
    return listActivationPage(ctx.web.deps.db, ctx.caller, { ...query, ...(before ? { before } : {}), ...(after ? { after } : {}), limit });
  }),

  get: protectedProcedure.input(getInput).query(async ({ ctx, input }) => {
    const record = await getActivation(ctx.web.deps, ctx.caller, input.activationId);
    const [caused, entityType] = await Promise.all([
      listCausedActivations(ctx.web.deps.db, ctx.caller, input.activationId),
      activationEntityType(ctx.web.deps.db, ctx.caller, input.activationId),
    ]);
    return { record, caused, entityType };
  }),

  /** The parameters it ran with (environment variables are never among them); null while it runs or when none was kept. */
  input: protectedProcedure
    .input(getInput)
    .query(async ({ ctx, input }) => (await getActivationInput(ctx.web.deps.db, ctx.caller, input.activationId)) ?? null),

  /** Runs the activation's action again with that input, on its newest version or a chosen one; answers the new id at once. */
  rerun: protectedProcedure
    .input(rerunInput)
    .mutation(({ ctx, input }) => rerunActivation(ctx.web.deps, undefined, ctx.caller, input.activationId, input.version ? { version: input.version } : {})),

  /** One activation's log lines as it runs, then its record. */
  follow: protectedProcedure
    .input(followInput)
    .subscription(({ ctx, input, signal }) => followActivation(ctx.web.deps, ctx.caller, input.activationId, input.lastEventId ?? undefined, signal)),

  /** Activations of the namespace as they finish. */
  tail: protectedProcedure.input(tailInput).subscription(({ ctx, input, signal }) => {
    const { lastEventId, ...query } = input;
    return tailActivations(ctx.web.deps, ctx.caller, query, lastEventId ?? undefined, signal);
  }),
});
