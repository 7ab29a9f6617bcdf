// The alarms feed's parameters, checked with the provider's messages, and
// the fire times they lead to; a fixed clock.
import { describe, expect, it } from 'vitest';
import { alarmConfig, nextFireTimes, updatedAlarmConfig } from './alarm-config.ts';

const now = Date.UTC(2026, 11, 2, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

describe('alarm', () => {
  it('takes 5 fields, or 6 with seconds first, in a time zone', () => {
    expect(alarmConfig('alarm', { cron: '*/2 * * * * *', trigger_payload: 'hi' }, now)).toEqual({
      kind: 'cron',
      cron: '*/2 * * * * *',
      payload: { payload: 'hi' },
    });
    const paris = alarmConfig('alarm', { cron: '0 9 * * *', timezone: 'Europe/Paris' }, now);
    // 09:00 in Paris in December is 08:00 UTC.
    expect(nextFireTimes(paris, now, 2).map(iso)).toEqual(['2026-12-03T08:00:00.000Z', '2026-12-04T08:00:00.000Z']);
  });

  it('refuses what the provider refuses, in its words', () => {
    expect(() => alarmConfig('alarm', {}, now)).toThrow('alarms trigger feed is missing the cron parameter');
    expect(() => alarmConfig('alarm', { cron: '* * *' }, now)).toThrow("cron pattern '* * *' is not valid");
    expect(() => alarmConfig('alarm', { cron: '0 0 0 * * * *' }, now)).toThrow("cron pattern '0 0 0 * * * *' is not valid");
    expect(() => alarmConfig('alarm', { cron: '* * * * *', timezone: 'Mars/Olympus' }, now)).toThrow('Invalid timezone.');
    expect(() => alarmConfig('alarm', { cron: '* * * * *', startDate: 'soon' }, now)).toThrow("startDate parameter 'soon' is not a valid Date");
    expect(() => alarmConfig('alarm', { cron: '* * * * *', stopDate: iso(now - 1) }, now)).toThrow('must be in the future');
    expect(() => alarmConfig('alarm', { cron: '* * * * *', startDate: iso(now + 60_000), stopDate: iso(now + 30_000) }, now)).toThrow(
      'must be greater than the startDate parameter',
    );
    expect(() => alarmConfig('alarm', { cron: '0 0 1 1 *', stopDate: iso(now + 60_000) }, now)).toThrow(
      'the first scheduled trigger fire is not until after the stop date',
    );
    expect(() => alarmConfig('alarm', { cron: '* * * * *', maxTriggers: 3, stopDate: iso(now + 60_000) }, now)).toThrow('maxTriggers is not allowed');
  });

  it('keeps fires within the start and stop dates', () => {
    const config = alarmConfig('alarm', { cron: '* * * * *', startDate: iso(now + 10 * 60_000), stopDate: iso(now + 12 * 60_000) }, now);
    expect(nextFireTimes(config, now, 5).map(iso)).toEqual(['2026-12-02T12:10:00.000Z', '2026-12-02T12:11:00.000Z', '2026-12-02T12:12:00.000Z']);
  });
});

describe('interval', () => {
  it('starts 30 seconds out when not told, and fires every so many minutes', () => {
    const config = alarmConfig('interval', { minutes: '5' }, now);
    expect(config).toMatchObject({ kind: 'interval', minutes: 5, startDate: iso(now + 30_000) });
    expect(nextFireTimes(config, now + 31_000, 2).map(iso)).toEqual([iso(now + 30_000 + 5 * 60_000), iso(now + 30_000 + 10 * 60_000)]);
  });

  it('refuses minutes that are not a positive integer', () => {
    expect(() => alarmConfig('interval', {}, now)).toThrow('interval trigger feed is missing the minutes parameter');
    expect(() => alarmConfig('interval', { minutes: 1.5 }, now)).toThrow('the minutes parameter must be an integer');
    expect(() => alarmConfig('interval', { minutes: 0 }, now)).toThrow('the minutes parameter must be an integer greater than zero');
  });
});

describe('once', () => {
  it('needs a date in the future and knows three deleteAfterFire values', () => {
    expect(alarmConfig('once', { date: iso(now + 1000), deleteAfterFire: true }, now)).toMatchObject({ kind: 'once', deleteAfterFire: 'true' });
    expect(() => alarmConfig('once', {}, now)).toThrow('alarms once trigger feed is missing the date parameter');
    expect(() => alarmConfig('once', { date: iso(now - 1000) }, now)).toThrow('must be in the future');
    expect(() => alarmConfig('once', { date: iso(now + 1000), deleteAfterFire: 'maybe' }, now)).toThrow(
      'deleteAfterFire parameter must be one of [false, true, rules].',
    );
  });
});

describe('UPDATE', () => {
  it('changes only what it is given, checks the result again, and refuses an empty update', () => {
    const stored = alarmConfig('alarm', { cron: '* * * * *', timezone: 'UTC', trigger_payload: { a: 1 } }, now);
    expect(updatedAlarmConfig(stored, { trigger_payload: { a: 2 } }, now)).toEqual({ ...stored, payload: { a: 2 } });
    expect(() => updatedAlarmConfig(stored, { cron: 'never' }, now)).toThrow("cron pattern 'never' is not valid");
    expect(() => updatedAlarmConfig(stored, {}, now)).toThrow('no updatable parameters were specified');
    // An interval whose start has passed keeps going rather than being refused for it.
    const interval = alarmConfig('interval', { minutes: 5 }, now);
    expect(updatedAlarmConfig(interval, { minutes: 10 }, now + 3_600_000)).toMatchObject({ kind: 'interval', minutes: 10 });
  });
});
