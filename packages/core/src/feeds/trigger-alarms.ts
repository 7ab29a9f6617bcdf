// The console's view of alarms: a trigger's alarm in words with its next
// fire times, a check of alarm parameters as they are typed (the provider's
// own rules), and creating a trigger with its alarm in one step, through
// the same feed protocol the API's clients drive.
import cronstrue from 'cronstrue';
import type { Db } from '@brisk/db';
import { badRequest } from '../errors.ts';
import { assertEntityName } from '../names.ts';
import type { Caller } from '../namespaces.ts';
import { deleteTrigger, putTrigger, type TriggerDocument } from '../triggers.ts';
import { type AlarmConfig, type AlarmFeedName, AlarmParameterError, alarmConfig, upcomingFires } from './alarm-config.ts';
import { runAlarmFeed } from './alarm-feed.ts';
import { type AlarmQueue, unscheduleAlarm } from './alarm-schedules.ts';

export interface AlarmView {
  feed: string;
  /** The schedule in words: "Every 2 seconds". */
  description: string;
  config: AlarmConfig;
  active: boolean;
  reason: string | null;
  fired: number;
  failures: number;
  nextFires: string[];
}

export type AlarmCheck = { ok: true; description: string; nextFires: string[] } | { ok: false; message: string };

/** The schedule of a config in words. */
export function describeAlarm(config: AlarmConfig): string {
  if (config.kind === 'once') return `Once, at ${config.date}`;
  const bounds = [config.startDate ? `from ${config.startDate}` : '', config.stopDate ? `until ${config.stopDate}` : ''].filter(Boolean).join(' ');
  const schedule =
    config.kind === 'interval'
      ? `Every ${config.minutes === 1 ? 'minute' : `${config.minutes} minutes`}`
      : `${cronstrue.toString(config.cron, { use24HourTimeFormat: true })}${config.timezone ? ` (${config.timezone})` : ' (UTC)'}`;
  return bounds ? `${schedule}, ${bounds}` : schedule;
}

/** The caller's trigger's alarm, or null when it has none. */
export async function alarmOfTrigger(db: Db, caller: Caller, trigger: string, now = Date.now()): Promise<AlarmView | null> {
  const row = await db.triggerFeed.findFirst({ where: { trigger: { namespaceId: caller.namespaceId, name: trigger } } });
  if (!row) return null;
  const config = row.config as unknown as AlarmConfig;
  return {
    feed: row.feed,
    description: describeAlarm(config),
    config,
    active: row.active,
    reason: row.reason,
    fired: row.fired,
    failures: row.failures,
    nextFires: row.active ? upcomingFires(config, now) : [],
  };
}

/** Checks alarm parameters as CREATE would, for a form to say what is wrong while it is typed. */
export function checkAlarm(feed: AlarmFeedName, params: Record<string, unknown>, now = Date.now()): AlarmCheck {
  try {
    const config = alarmConfig(feed, params, now);
    return {
      ok: true,
      description: describeAlarm(config),
      nextFires: upcomingFires(config, now),
    };
  } catch (error) {
    if (error instanceof AlarmParameterError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * Creates a trigger fed by an alarm, as `wsk trigger create --feed` does: the
 * trigger, then the feed's CREATE. A refused CREATE deletes the trigger
 * again, so nothing half-made is left.
 */
export async function createAlarmTrigger(
  deps: { db: Db; alarms: AlarmQueue },
  caller: Caller,
  request: { name: string; feed: AlarmFeedName; params: Record<string, unknown>; body: { parameters?: unknown; annotations?: unknown } },
): Promise<TriggerDocument> {
  const feedAction = `/whisk.system/alarms/${request.feed}`;
  const annotations = [
    ...((request.body.annotations as { key: string }[] | undefined) ?? []).filter((entry) => entry.key !== 'feed'),
    { key: 'feed', value: feedAction },
  ];
  const trigger = await putTrigger(deps.db, caller, request.name, { ...request.body, annotations }, { overwrite: false });
  const answer = await runAlarmFeed({ db: deps.db, alarms: deps.alarms, authenticate: async () => caller }, request.feed, {
    ...request.params,
    lifecycleEvent: 'CREATE',
    triggerName: `/${caller.namespace}/${request.name}`,
    // No key: the console's session is the credential, and it answers its own caller.
  }).catch(async (error: unknown) => {
    await deleteTrigger(deps.db, caller, request.name);
    throw error;
  });
  if (!answer.ok) {
    await deleteTrigger(deps.db, caller, request.name);
    throw badRequest(answer.result.error);
  }
  return trigger;
}

/**
 * Deletes a trigger and stops its alarm, if it has one: the feed goes with
 * the trigger (a cascade) and its schedule is removed here, rather than left
 * for its next tick to find gone (a daily alarm would linger a day).
 */
export async function deleteTriggerWithAlarm(deps: { db: Db; alarmQueue: AlarmQueue }, caller: Caller, name: string): Promise<TriggerDocument> {
  assertEntityName(name, 'trigger');
  const feed = await deps.db.triggerFeed.findFirst({
    where: { trigger: { namespaceId: caller.namespaceId, name } },
    select: { triggerId: true, config: true },
  });
  const deleted = await deleteTrigger(deps.db, caller, name);
  if (feed) await unscheduleAlarm(deps.alarmQueue, feed.triggerId, feed.config as unknown as AlarmConfig).catch(() => undefined);
  return deleted;
}
