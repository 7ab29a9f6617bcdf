import { describe, expect, it } from 'vitest';
import { countOf, formatDateTime, zoneLabel } from './format';

describe('zoneLabel', () => {
  it('names UTC, and other zones by their offset from it', () => {
    expect(zoneLabel(0)).toBe('UTC');
    // getTimezoneOffset is UTC minus local: -60 is an hour ahead of UTC.
    expect(zoneLabel(-60)).toBe('UTC+01:00');
    expect(zoneLabel(-330)).toBe('UTC+05:30');
    expect(zoneLabel(210)).toBe('UTC-03:30');
  });
});

describe('formatDateTime', () => {
  it("ends with the zone of the machine's clock, unless asked not to", () => {
    const ms = Date.UTC(2026, 10, 22, 13, 45, 12, 345);
    const zone = zoneLabel(new Date(ms).getTimezoneOffset());
    expect(formatDateTime(ms)).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ${zone.replace('+', '\\+')}$`));
    expect(formatDateTime(ms, { millis: true, zone: false })).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.345$/);
  });
});

describe('countOf', () => {
  it('is singular for one only', () => {
    expect(countOf(0, 'line')).toBe('0 lines');
    expect(countOf(1, 'line')).toBe('1 line');
    expect(countOf(2, 'line')).toBe('2 lines');
    expect(countOf(30_000, 'line')).toBe('30,000 lines');
    expect(countOf(1, 'entry', 'entries')).toBe('1 entry');
  });
});
