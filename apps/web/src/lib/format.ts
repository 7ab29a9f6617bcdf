// Formatting for the console: durations, times, statuses, log lines.

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${Math.round((ms % 60_000) / 1000)}s`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 13:45:12.345, local time (the zone is in formatDateTime, e.g. for a title). */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * The zone of a local time, as an offset from UTC: "UTC", "UTC+01:00",
 * "UTC-03:30". `offsetMinutes` is Date's getTimezoneOffset (UTC minus local).
 * An offset, not a name: it is unambiguous, needs no Intl data, and it says
 * what to add to compare with the API's UTC times.
 */
export function zoneLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const ahead = -offsetMinutes;
  const minutes = Math.abs(ahead);
  return `UTC${ahead > 0 ? '+' : '-'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * 2026-11-22 13:45:12 UTC+01:00 (or 13:45:12.345 with `millis`), local time
 * with its zone, so a time read off the console can be compared with a log or
 * the API's UTC. `zone: false` leaves it out, for a table column that names
 * the zone in its header or title instead.
 */
export function formatDateTime(ms: number, options: { millis?: boolean; zone?: boolean } = {}): string {
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${options.millis ? `.${pad(d.getMilliseconds(), 3)}` : ''}`;
  const zone = options.zone === false ? '' : ` ${zoneLabel(d.getTimezoneOffset())}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}${zone}`;
}

/** "1 line", "2 lines": a count with its noun, singular for one. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? singular : plural}`;
}

export function relativeTime(ms: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

export type Tone = 'ok' | 'err' | 'warn' | 'info' | 'accent' | '';

export function statusOf(statusCode: number, pending = false): { label: string; tone: Tone } {
  if (pending) return { label: 'running', tone: 'info' };
  switch (statusCode) {
    case 0:
      return { label: 'success', tone: 'ok' };
    case 1:
      return { label: 'application error', tone: 'err' };
    case 2:
      return { label: 'developer error', tone: 'err' };
    default:
      return { label: 'internal error', tone: 'warn' };
  }
}

export interface LogLine {
  time: number | null;
  stream: 'stdout' | 'stderr' | null;
  text: string;
}

const LOG_LINE = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\s+(stdout|stderr):\s?([\s\S]*)$/;

/** Splits an OpenWhisk log line, "<ISO time> stdout: text"; other lines are kept whole. */
export function parseLogLine(line: string): LogLine {
  const match = LOG_LINE.exec(line);
  if (!match) return { time: null, stream: null, text: line };
  return { time: Date.parse(match[1]!), stream: match[2] as 'stdout' | 'stderr', text: match[3]! };
}

/** "pkg/name" from a record's `path` annotation "namespace/pkg/name". */
export function pathFromAnnotation(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.includes('/') ? value.split('/').slice(1).join('/') : fallback;
}

export function annotationValue(annotations: readonly { key: string; value?: unknown }[], key: string): unknown {
  return annotations.find((entry) => entry.key === key)?.value;
}

/** The URL of an action's page. */
export function actionHref(path: string): string {
  return `/actions/${path.split('/').map(encodeURIComponent).join('/')}`;
}
