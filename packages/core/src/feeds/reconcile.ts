// Postgres holds every alarm asked for; Redis only their schedules. At each
// worker start the schedules of active alarms are made again where missing,
// so alarms survive Redis losing its data (a restart without persistence, a
// flush). Schedules are idempotent: a present one is left as it is.
import type { Db } from '@brisk/db';
import type { AlarmConfig } from './alarm-config.ts';
import { type AlarmQueue, alarmIsScheduled, scheduleAlarm } from './alarm-schedules.ts';

export async function rescheduleMissingAlarms(db: Db, alarms: AlarmQueue): Promise<number> {
  const active = await db.triggerFeed.findMany({ where: { active: true }, select: { triggerId: true, config: true } });
  let rescheduled = 0;
  for (const feed of active) {
    const config = feed.config as unknown as AlarmConfig;
    if (await alarmIsScheduled(alarms, feed.triggerId, config)) continue;
    await scheduleAlarm(alarms, feed.triggerId, config);
    rescheduled++;
  }
  return rescheduled;
}
