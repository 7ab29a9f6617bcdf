// JSON shown as text with light highlighting. Every token is a React text
// node, so whatever a result holds is displayed, never interpreted as HTML.
import type { ReactNode } from 'react';

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function highlight(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    if (match[1]) {
      parts.push(
        <span key={index} className={match[2] ? 'j-key' : 'j-str'}>
          {match[1]}
        </span>,
      );
      if (match[2]) parts.push(match[2]);
    } else if (match[3]) {
      parts.push(
        <span key={index} className="j-lit">
          {match[3]}
        </span>,
      );
    } else if (match[4]) {
      parts.push(
        <span key={index} className="j-num">
          {match[4]}
        </span>,
      );
    }
    last = index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

export function JsonView({ value, label, maxHeight }: { value: unknown; label?: string; maxHeight?: number }) {
  const text = value === undefined ? '' : (JSON.stringify(value, null, 2) ?? String(value));
  const big = text.length > 200_000;
  return (
    <pre className="json" role="group" aria-label={label} style={maxHeight ? { maxHeight } : undefined}>
      {big ? text : highlight(text)}
    </pre>
  );
}
