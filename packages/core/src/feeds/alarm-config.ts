// The alarms feed's parameters, checked as OpenWhisk's alarms provider checks
// them (and with its messages, which clients and scripts match): `alarm`
// (cron, 5 fields or 6 with seconds first, in a time zone), `interval`
// (minutes) and `once` (a date). Pure: no clock but the one given.
import { CronExpressionParser } from 'cron-parser';

export type AlarmFeedName = 'alarm' | 'interval' | 'once';
export type DeleteAfterFire = 'false' | 'true' | 'rules';

interface CommonConfig {
  /** What each fire sends the trigger. */
  payload: Record<string, unknown>;
}

export type AlarmConfig =
  | (CommonConfig & { kind: 'cron'; cron: string; timezone?: string; startDate?: string; stopDate?: string })
  | (CommonConfig & { kind: 'interval'; minutes: number; startDate: string; stopDate?: string })
  | (CommonConfig & { kind: 'once'; date: string; deleteAfterFire: DeleteAfterFire });

/** The alarms feed a feed action's name names (`/whisk.system/alarms/alarm`, with or without the leading slash). */
export function alarmFeedNamed(feedAction: string): AlarmFeedName | undefined {
  const match = /^\/?whisk\.system\/alarms\/(alarm|interval|once)$/.exec(feedAction.trim());
  return match?.[1] as AlarmFeedName | undefined;
}

/** A parameter the provider refuses, with OpenWhisk's wording. */
export class AlarmParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlarmParameterError';
  }
}

const DELETE_AFTER_FIRE: DeleteAfterFire[] = ['false', 'true', 'rules'];
/** An interval without a start starts shortly after it is created, as OpenWhisk's does. */
const INTERVAL_START_DELAY_MS = 30_000;

/** The config for a CREATE of `feed` with `params`, or AlarmParameterError. */
export function alarmConfig(feed: AlarmFeedName, params: Record<string, unknown>, now: number): AlarmConfig {
  const payload = triggerPayload(params.trigger_payload);
  if (feed === 'once') {
    if (params.date === undefined || params.date === '') throw new AlarmParameterError('alarms once trigger feed is missing the date parameter');
    return { kind: 'once', date: futureDate(params.date, 'date', now), deleteAfterFire: deleteAfterFire(params.deleteAfterFire), payload };
  }
  if (params.maxTriggers !== undefined && params.stopDate !== undefined) {
    throw new AlarmParameterError(
      feed === 'interval'
        ? 'maxTriggers is not supported for the interval trigger feed'
        : 'maxTriggers is not allowed when the stopDate parameter is specified',
    );
  }
  const startDate = params.startDate === undefined ? undefined : futureDate(params.startDate, 'startDate', now);
  if (feed === 'interval') {
    const start = startDate ?? new Date(now + INTERVAL_START_DELAY_MS).toISOString();
    const stopDate = params.stopDate === undefined ? undefined : futureDate(params.stopDate, 'stopDate', now, start);
    return { kind: 'interval', minutes: minutes(params.minutes), startDate: start, ...(stopDate ? { stopDate } : {}), payload };
  }
  if (params.cron === undefined || params.cron === '') throw new AlarmParameterError('alarms trigger feed is missing the cron parameter');
  const timezone = params.timezone === undefined || params.timezone === '' ? undefined : timeZone(params.timezone);
  const cron = cronPattern(params.cron);
  const stopDate = params.stopDate === undefined ? undefined : futureDate(params.stopDate, 'stopDate', now, startDate);
  const config: AlarmConfig = {
    kind: 'cron',
    cron,
    ...(timezone ? { timezone } : {}),
    ...(startDate ? { startDate } : {}),
    ...(stopDate ? { stopDate } : {}),
    payload,
  };
  if (stopDate) {
    const [first] = nextFireTimes(config, now, 1);
    if (first === undefined || first > Date.parse(stopDate)) throw new AlarmParameterError('the first scheduled trigger fire is not until after the stop date');
  }
  return config;
}

/** The config after an UPDATE: the stored one with the parameters given changed, checked again. */
export function updatedAlarmConfig(stored: AlarmConfig, params: Record<string, unknown>, now: number): AlarmConfig {
  const updatable = ['trigger_payload', 'cron', 'timezone', 'minutes', 'startDate', 'stopDate', 'date', 'deleteAfterFire'];
  if (!updatable.some((key) => params[key] !== undefined)) throw new AlarmParameterError('no updatable parameters were specified');
  const merged: Record<string, unknown> = { trigger_payload: stored.payload, ...storedParams(stored) };
  for (const key of updatable) if (params[key] !== undefined) merged[key] = params[key];
  // A start already passed stays as it was, not refused for being in the past.
  if (params.startDate === undefined && typeof merged.startDate === 'string' && Date.parse(merged.startDate) <= now) delete merged.startDate;
  return alarmConfig(stored.kind === 'cron' ? 'alarm' : stored.kind, merged, now);
}

function storedParams(config: AlarmConfig): Record<string, unknown> {
  const { kind: _kind, payload: _payload, ...rest } = config;
  return rest;
}

/**
 * The next `count` fire times after `now` (epoch ms), within the config's
 * start and stop dates: for READ, the console, and the stop-date check.
 */
export function nextFireTimes(config: AlarmConfig, now: number, count: number): number[] {
  const stop = 'stopDate' in config && config.stopDate ? Date.parse(config.stopDate) : Number.POSITIVE_INFINITY;
  if (config.kind === 'once') return Date.parse(config.date) > now ? [Date.parse(config.date)] : [];
  if (config.kind === 'interval') {
    const start = Date.parse(config.startDate);
    const every = config.minutes * 60_000;
    const first = start > now ? start : start + Math.ceil((now - start + 1) / every) * every;
    return Array.from({ length: count }, (_, i) => first + i * every).filter((time) => time <= stop);
  }
  const from = Math.max(now, config.startDate ? Date.parse(config.startDate) - 1 : now);
  const expression = CronExpressionParser.parse(config.cron, { currentDate: new Date(from), ...(config.timezone ? { tz: config.timezone } : {}) });
  const times: number[] = [];
  while (times.length < count) {
    const next = expression.next().getTime();
    if (next > stop) break;
    times.push(next);
  }
  return times;
}

/** How many fire times READ, the console and the live check list. */
const UPCOMING_SHOWN = 5;

/** The next fire times as READ and the console show them: ISO dates. */
export function upcomingFires(config: AlarmConfig, now: number): string[] {
  return nextFireTimes(config, now, UPCOMING_SHOWN).map((time) => new Date(time).toISOString());
}

function triggerPayload(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return { payload: value };
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new AlarmParameterError('trigger_payload must be a string or a JSON object');
}

function cronPattern(value: unknown): string {
  const cron = String(value).trim();
  const fields = cron.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) throw new AlarmParameterError(`cron pattern '${String(value)}' is not valid`);
  try {
    CronExpressionParser.parse(cron).next();
  } catch {
    throw new AlarmParameterError(`cron pattern '${String(value)}' is not valid`);
  }
  return cron;
}

function timeZone(value: unknown): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: String(value) });
    return String(value);
  } catch {
    throw new AlarmParameterError('Invalid timezone.');
  }
}

function minutes(value: unknown): number {
  if (value === undefined || value === '') throw new AlarmParameterError('interval trigger feed is missing the minutes parameter');
  const parsed = Number.parseInt(String(value), 10);
  if (Number(value) !== parsed) throw new AlarmParameterError('the minutes parameter must be an integer');
  if (parsed <= 0) throw new AlarmParameterError('the minutes parameter must be an integer greater than zero');
  return parsed;
}

function deleteAfterFire(value: unknown): DeleteAfterFire {
  if (value === undefined || value === '' || value === false) return 'false';
  const written = String(value).trim().toLowerCase() as DeleteAfterFire;
  if (!DELETE_AFTER_FIRE.includes(written)) throw new AlarmParameterError('deleteAfterFire parameter must be one of [false, true, rules].');
  return written;
}

/** An ISO date in the future (and after `after`, when given), as given; or the provider's message. */
function futureDate(value: unknown, name: string, now: number, after?: string): string {
  const time = typeof value === 'number' ? value : Date.parse(String(value));
  if (Number.isNaN(time)) throw new AlarmParameterError(`${name} parameter '${String(value)}' is not a valid Date`);
  if (time <= now) throw new AlarmParameterError(`${name} parameter '${String(value)}' must be in the future`);
  if (after !== undefined && time <= Date.parse(after)) {
    throw new AlarmParameterError(`${name} parameter '${String(value)}' must be greater than the startDate parameter '${after}'`);
  }
  return new Date(time).toISOString();
}
