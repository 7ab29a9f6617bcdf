// Reads Prometheus's text exposition format (version 0.0.4) into samples,
// so tests can assert exact values of exact series.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of an exposition; comments (HELP, TYPE) and blank lines are skipped. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const nameEnd = line.search(/[{ ]/);
    if (nameEnd <= 0) throw new Error(`not a sample line: ${line}`);
    const name = line.slice(0, nameEnd);
    const labels: Record<string, string> = {};
    let at = nameEnd;
    if (line[at] === '{') {
      at++;
      while (line[at] !== '}') {
        const eq = line.indexOf('="', at);
        if (eq < 0) throw new Error(`bad labels in: ${line}`);
        const label = line.slice(at, eq);
        let value = '';
        at = eq + 2;
        // A label value escapes backslash, double quote and line feed.
        while (line[at] !== '"') {
          if (at >= line.length) throw new Error(`unterminated label value in: ${line}`);
          if (line[at] === '\\') {
            const next = line[at + 1];
            value += next === 'n' ? '\n' : next;
            at += 2;
          } else value += line[at++];
        }
        labels[label] = value;
        at++;
        if (line[at] === ',') at++;
      }
      at++;
    }
    const [value] = line.slice(at).trim().split(/\s+/);
    samples.push({ name, labels, value: parseValue(value ?? '') });
  }
  return samples;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  // prom-client writes NaN as `Nan`; Prometheus reads it in any case.
  if (/^nan$/i.test(text)) return Number.NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`not a sample value: ${text}`);
  return value;
}

/** The samples named `name` whose labels include every one of `labels`. */
export function samplesOf(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

/** The sum of those samples' values (0 when there are none): a counter across the series that match. */
export function sumOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samplesOf(samples, name, labels).reduce((sum, sample) => sum + sample.value, 0);
}
