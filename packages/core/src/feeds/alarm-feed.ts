// The /whisk.system/alarms feed actions (alarm, interval, once), run by the
// worker inside Brisk rather than in a container: OpenWhisk's feed protocol,
// as its alarms provider answers it. The caller's `authKey` must own the
// trigger; what was asked is kept in Postgres and scheduled in Redis.
import type { Db, Prisma } from '@brisk/db';
import { parseApiKey, type ApiKey } from '../auth.ts';
import { isBriskError } from '../errors.ts';
import type { Caller } from '../namespaces.ts';
import { parseFullyQualifiedName } from '../qualified-names.ts';
import { type AlarmConfig, type AlarmFeedName, AlarmParameterError, alarmConfig, upcomingFires, updatedAlarmConfig } from './alarm-config.ts';
import { type AlarmQueue, configGeneration, scheduleAlarm, unscheduleAlarm } from './alarm-schedules.ts';

export const ALARM_FEEDS: readonly AlarmFeedName[] = ['alarm', 'interval', 'once'];

export interface AlarmFeedDeps {
  db: Db;
  alarms: AlarmQueue;
  authenticate(key: ApiKey | undefined): Promise<Caller>;
  now?: () => number;
}

/** What the feed action answers: a result, or an error (the activation's application error). */
export type FeedAnswer = { ok: true; result: Record<string, unknown> } | { ok: false; result: { error: string; statusCode: number } };

const fail = (statusCode: number, error: string): FeedAnswer => ({ ok: false, result: { error, statusCode } });
const success: FeedAnswer = { ok: true, result: { status: 'success' } };

export async function runAlarmFeed(deps: AlarmFeedDeps, feed: AlarmFeedName, params: Record<string, unknown>): Promise<FeedAnswer> {
  const now = (deps.now ?? Date.now)();
  const event = String(params.lifecycleEvent ?? '').toUpperCase();
  if (!['CREATE', 'READ', 'UPDATE', 'DELETE'].includes(event)) return fail(400, 'unsupported lifecycleEvent');
  if (typeof params.triggerName !== 'string' || params.triggerName === '') return fail(400, 'no trigger name parameter was provided');

  const owned = await ownedTrigger(deps, params.triggerName, params.authKey);
  if ('error' in owned) return owned.error;
  const { trigger } = owned;
  const existing = await deps.db.triggerFeed.findUnique({ where: { triggerId: trigger.id } });

  try {
    if (event === 'CREATE') {
      if (existing) return fail(409, `the trigger ${params.triggerName} already has a feed; UPDATE or DELETE it first`);
      const config = alarmConfig(feed, params, now);
      await deps.db.triggerFeed.create({
        data: { triggerId: trigger.id, feed: `/whisk.system/alarms/${feed}`, config: config as unknown as Prisma.InputJsonValue },
      });
      try {
        await scheduleAlarm(deps.alarms, trigger.id, config, now);
      } catch (error) {
        // Not scheduled, not kept: a CREATE that fails leaves nothing behind.
        await deps.db.triggerFeed.deleteMany({ where: { triggerId: trigger.id } });
        throw error;
      }
      return success;
    }
    if (!existing) return fail(404, `could not find the trigger ${params.triggerName} in the alarms feed`);
    const stored = existing.config as unknown as AlarmConfig;
    if (event === 'READ') return { ok: true, result: readAnswer(owned.namespace, trigger.name, existing, stored, now) };
    if (event === 'UPDATE') {
      const config = updatedAlarmConfig(stored, params, now);
      await scheduleAlarm(deps.alarms, trigger.id, config, now);
      if (stored.kind === 'once') await unscheduleOnce(deps.alarms, trigger.id, stored, config);
      await deps.db.triggerFeed.update({
        where: { triggerId: trigger.id },
        data: { config: config as unknown as Prisma.InputJsonValue, active: true, reason: null, failures: 0, statusChangedAt: new Date(now) },
      });
      return success;
    }
    await unscheduleAlarm(deps.alarms, trigger.id, stored);
    await deps.db.triggerFeed.deleteMany({ where: { triggerId: trigger.id } });
    return success;
  } catch (error) {
    if (error instanceof AlarmParameterError) return fail(400, error.message);
    throw error;
  }
}

/** An updated once keeps one waiting job: the new config's. */
async function unscheduleOnce(alarms: AlarmQueue, triggerId: string, before: AlarmConfig, after: AlarmConfig): Promise<void> {
  if (configGeneration(before) !== configGeneration(after)) await unscheduleAlarm(alarms, triggerId, before);
}

type OwnedTrigger = { trigger: { id: string; name: string }; namespace: string } | { error: FeedAnswer };

/** The trigger `triggerName` names, if `authKey` is a key of its namespace. */
async function ownedTrigger(deps: AlarmFeedDeps, triggerName: string, authKey: unknown): Promise<OwnedTrigger> {
  let owner: Caller;
  try {
    owner = await deps.authenticate(typeof authKey === 'string' ? parseApiKey(authKey) : undefined);
  } catch (error) {
    if (isBriskError(error)) return { error: fail(401, 'Trigger authentication request failed: the authKey is not a valid key.') };
    throw error;
  }
  let name: { namespace: string; packageName: string; name: string };
  try {
    name = parseFullyQualifiedName(triggerName, owner.namespace);
  } catch (error) {
    if (isBriskError(error)) return { error: fail(400, `triggerName: ${error.message}`) };
    throw error;
  }
  if (name.packageName !== '') return { error: fail(400, `triggerName ${triggerName} names a package entity; a trigger is never in a package.`) };
  if (name.namespace !== owner.namespace) {
    return { error: fail(403, `Trigger authentication request failed: the authKey is not a key of the namespace ${name.namespace}.`) };
  }
  const trigger = await deps.db.trigger.findUnique({
    where: { namespaceId_name: { namespaceId: owner.namespaceId, name: name.name } },
    select: { id: true, name: true },
  });
  if (!trigger) return { error: fail(404, `Trigger authentication request failed: the trigger ${triggerName} does not exist.`) };
  return { trigger, namespace: owner.namespace };
}

interface FeedRow {
  active: boolean;
  reason: string | null;
  statusChangedAt: Date;
}

/** READ: `{config, status}` in the provider's shape, with the next fire times. */
function readAnswer(namespace: string, name: string, row: FeedRow, config: AlarmConfig, now: number): Record<string, unknown> {
  const { kind: _kind, payload, ...settings } = config;
  return {
    config: { name, namespace, payload, ...settings },
    status: {
      active: row.active,
      dateChanged: row.statusChangedAt.getTime(),
      dateChangedISO: row.statusChangedAt.toISOString(),
      ...(row.reason ? { reason: { kind: 'AUTO', message: row.reason } } : {}),
    },
    nextFires: row.active ? upcomingFires(config, now) : [],
  };
}
