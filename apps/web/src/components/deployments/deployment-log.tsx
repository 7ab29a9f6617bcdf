'use client';
// A deployment's log: "<ISO time> text" lines as time and text, monospace,
// following the end while it runs unless the reader scrolled up. Lines are
// text nodes (a commit message or a git error is never HTML).
import { useEffect, useMemo, useRef } from 'react';
import { formatClock, formatDateTime } from '@/lib/format';

const LINE = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) ([\s\S]*)$/;

function parse(line: string): { time: number | null; text: string; tone: '' | 'err' | 'warn' } {
  const match = LINE.exec(line);
  const text = match ? match[2]! : line;
  const tone = text.startsWith('error:') ? 'err' : text.startsWith('warning:') ? 'warn' : '';
  return { time: match ? Date.parse(match[1]!) : null, text, tone };
}

export function DeploymentLog({ lines, live }: { lines: string[]; live: boolean }) {
  const parsed = useMemo(() => lines.map(parse), [lines]);
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: each new line is the trigger to scroll
  useEffect(() => {
    const el = box.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [parsed.length]);

  return (
    <div
      className="logs deploy-log"
      ref={box}
      role="log"
      aria-label="Deployment log"
      aria-live={live ? 'polite' : 'off'}
      // A scrolling region is reached and scrolled with the keyboard.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls; focus lets keyboard users scroll it
      tabIndex={0}
      onScroll={(event) => {
        const el = event.currentTarget;
        following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
      style={{ maxHeight: 520 }}
    >
      {parsed.length === 0 && <div className="placeholder">{live ? 'Waiting for the worker to start…' : 'No log lines.'}</div>}
      {parsed.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: log lines only ever append; a line is its position
        <div key={index} className={`line ${line.tone}`}>
          <span className="ts" title={line.time !== null ? formatDateTime(line.time, { millis: true }) : undefined}>
            {line.time !== null ? formatClock(line.time) : ''}
          </span>
          <span className="text">{line.text}</span>
        </div>
      ))}
    </div>
  );
}
