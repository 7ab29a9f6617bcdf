// Triggers: the list, one trigger with its rules, create (with an alarm or
// not), update, delete, fire with a payload, what its recent firings did,
// and its alarm.
import {
  alarmOfTrigger,
  checkAlarm,
  createAlarmTrigger,
  deleteTriggerWithAlarm,
  entityNameSchema,
  fireTrigger,
  getTrigger,
  keyValueListSchema,
  listTriggerFirings,
  listTriggers,
  putTrigger,
} from '@brisk/core';
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../../trpc';
import { refusingDuplicate } from '../duplicate-name';

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

const alarmFeed = z.enum(['alarm', 'interval', 'once']);
/** An alarm's parameters as the feed takes them (cron, timezone, minutes, date, trigger_payload…); the feed checks them. */
const alarmParams = z.record(z.string(), z.unknown());

export const alarmCheckInput = z.object({ feed: alarmFeed, params: alarmParams });

export const createWithAlarmInput = saveInput.extend({ feed: alarmFeed, params: alarmParams });

export const firingsInput = z.object({ name, limit: z.number().int().min(1).max(100).default(20) });

export const triggersRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listTriggers(ctx.web.deps.db, ctx.caller, { limit: 500, skip: 0 })),

  get: protectedProcedure.input(getInput).query(({ ctx, input }) => getTrigger(ctx.web.deps.db, ctx.caller, input.name)),

  create: protectedProcedure.input(saveInput).mutation(({ ctx, input }) => {
    const { name: triggerName, ...body } = input;
    return refusingDuplicate('trigger', triggerName, () => putTrigger(ctx.web.deps.db, ctx.caller, triggerName, body, { overwrite: false }));
  }),

  /** As `wsk trigger create --feed`: the trigger, then its alarm's CREATE; refused, neither is kept. */
  createWithAlarm: protectedProcedure.input(createWithAlarmInput).mutation(({ ctx, input }) => {
    const { name: triggerName, feed, params, ...body } = input;
    return refusingDuplicate('trigger', triggerName, () =>
      createAlarmTrigger({ db: ctx.web.deps.db, alarms: ctx.web.deps.alarmQueue }, ctx.caller, { name: triggerName, feed, params, body }),
    );
  }),

  /** The alarm parameters checked as CREATE checks them, with the schedule in words and its next fires. */
  checkAlarm: protectedProcedure.input(alarmCheckInput).query(({ input }) => checkAlarm(input.feed, input.params)),

  /** The trigger's alarm (null when it has none): in words, its status and next fires. */
  alarm: protectedProcedure.input(getInput).query(({ ctx, input }) => alarmOfTrigger(ctx.web.deps.db, ctx.caller, input.name)),

  update: protectedProcedure.input(saveInput).mutation(({ ctx, input }) => {
    const { name: triggerName, ...body } = input;
    return putTrigger(ctx.web.deps.db, ctx.caller, triggerName, body, { overwrite: true });
  }),

  remove: protectedProcedure.input(getInput).mutation(async ({ ctx, input }) => {
    const deleted = await deleteTriggerWithAlarm(ctx.web.deps, ctx.caller, input.name);
    return { name: deleted.name };
  }),

  /** As `POST /triggers/{name}`: `fired: false` is the API's 204 (no active rule, nothing recorded). */
  fire: protectedProcedure.input(fireInput).mutation(({ ctx, input }) => fireTrigger(ctx.web.deps, ctx.caller, input.name, input.payload)),

  firings: protectedProcedure
    .input(firingsInput)
    .query(({ ctx, input }) => listTriggerFirings(ctx.web.deps.db, ctx.caller, input.name, { limit: input.limit })),
});
