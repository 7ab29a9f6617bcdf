// The dashboard's aggregates.
import { activationStats, STATS_RANGES, type StatsRange } from '@brisk/core';
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../../trpc';

export const statsInput = z.object({
  range: z.enum(Object.keys(STATS_RANGES) as [StatsRange, ...StatsRange[]]),
  path: z.string().max(600).optional(),
});

export const dashboardRouter = createTRPCRouter({
  stats: protectedProcedure
    .input(statsInput)
    .query(({ ctx, input }) => activationStats(ctx.web.reportsDb, ctx.caller, { range: input.range, ...(input.path ? { path: input.path } : {}) })),
});
