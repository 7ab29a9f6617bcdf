'use client';
// Activation logs: time, stream (stdout/stderr marked), text. Lines are
// React text nodes (search matches are <mark>ed around text, never HTML).
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { countOf, formatClock, formatDateTime, parseLogLine } from '@/lib/format';

const ACTIVATION_ID = /^[0-9a-f]{32}$/;

function highlight(text: string, needle: string): ReactNode {
  if (!needle) return text;
  const parts: ReactNode[] = [];
  const lower = text.toLowerCase();
  const target = needle.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(target); at >= 0; at = lower.indexOf(target, from)) {
    parts.push(text.slice(from, at), <mark key={at}>{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return parts;
}

export function LogView(props: {
  lines: string[];
  /** Shows a search box and a stdout/stderr filter. */
  searchable?: boolean;
  live?: boolean;
  emptyText?: string;
  maxHeight?: number;
}) {
  const [query, setQuery] = useState('');
  const [stream, setStream] = useState<'all' | 'stdout' | 'stderr'>('all');
  const parsed = useMemo(() => props.lines.map(parseLogLine), [props.lines]);
  const shown = parsed.filter((line) => (stream === 'all' || line.stream === stream) && (!query || line.text.toLowerCase().includes(query.toLowerCase())));
  const box = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new line is the trigger to scroll
  useEffect(() => {
    // Keep following the end while lines stream in, unless the reader scrolled up.
    const el = box.current;
    if (el && props.live && el.scrollHeight - el.scrollTop - el.clientHeight < 60) el.scrollTop = el.scrollHeight;
  }, [props.lines.length, props.live]);

  return (
    <div>
      {props.searchable && (
        <div className="toolbar" style={{ marginBottom: 8 }}>
          <input
            className="input"
            type="search"
            placeholder="Search logs"
            aria-label="Search logs"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            style={{ flex: 1, minWidth: 160 }}
          />
          <div className="segmented" role="group" aria-label="Stream">
            {(['all', 'stdout', 'stderr'] as const).map((name) => (
              <button key={name} type="button" aria-pressed={stream === name} onClick={() => setStream(name)}>
                {name}
              </button>
            ))}
          </div>
          <span className="hint">
            {shown.length === parsed.length ? countOf(parsed.length, 'line') : `${shown.length} of ${countOf(parsed.length, 'line')}`}
          </span>
        </div>
      )}
      <div
        className="logs"
        ref={box}
        role="log"
        aria-label="Logs"
        aria-live={props.live ? 'polite' : 'off'}
        style={props.maxHeight ? { maxHeight: props.maxHeight } : undefined}
      >
        {shown.length === 0 && <div className="placeholder">{parsed.length === 0 ? (props.emptyText ?? 'No log output.') : 'No lines match.'}</div>}
        {shown.map((line, index) =>
          line.stream === null ? (
            // Not "<time> <stream>: text": a sequence lists its components' ids.
            // biome-ignore lint/suspicious/noArrayIndexKey: log lines only ever append; a line is its position
            <div key={index} className="line plain">
              {ACTIVATION_ID.test(line.text) ? (
                <Link className="text" href={`/activations/${line.text}`}>
                  {highlight(line.text, query)}
                </Link>
              ) : (
                <span className="text">{highlight(line.text, query)}</span>
              )}
            </div>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            <div key={index} className={`line ${line.stream}`}>
              <span className="ts" title={line.time !== null ? formatDateTime(line.time, { millis: true }) : undefined}>
                {line.time !== null ? formatClock(line.time) : ''}
              </span>
              <span className="stream">{line.stream}</span>
              <span className="text">{highlight(line.text, query)}</span>
            </div>
          ),
        )}
      </div>
    </div>
  );
}
