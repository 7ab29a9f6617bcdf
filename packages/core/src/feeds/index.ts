// Feeds: OpenWhisk's feed protocol for the /whisk.system/alarms actions, and
// the alarms themselves (validated configs, schedules in Redis, ticks).
export * from './alarm-config.ts';
export * from './alarm-feed.ts';
export * from './alarm-fire.ts';
export * from './alarm-schedules.ts';
export * from './reconcile.ts';
export * from './trigger-alarms.ts';
