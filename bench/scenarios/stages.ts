// Where the time of a warm blocking invocation goes, stage by stage: the web
// and the worker stamp each stage (x-brisk-trace) and the client adds its
// send and receive times. All stamps are wall-clock times of this machine
// with sub-millisecond resolution.
import { traceNow } from '@brisk/core';
import type { BenchClient } from '../lib/http.ts';
import { summarize, type Summary } from '../lib/load.ts';

/** Consecutive stamps, and what happens between them. */
const STAGES: [from: string, to: string, what: string][] = [
  ['sent', 'received', 'HTTP request in (client, fast path)'],
  ['received', 'invoked', 'auth (cached key), body'],
  ['invoked', 'resolved', 'action lookup (cache), job'],
  ['resolved', 'picked', 'enqueue (BullMQ) and worker pickup'],
  ['picked', 'acquired', 'job parse, action version, pool'],
  ['acquired', 'ran', 'container /run round trip'],
  ['ran', 'logged', 'log sentinels, record built'],
  ['logged', 'published', 'completion message built'],
  ['published', 'completed', 'Redis pub/sub to the web, parse'],
  ['completed', 'answered', 'HTTP response out, to the client'],
];

export interface StageResult {
  stage: string;
  what: string;
  ms: Summary;
}

export async function stageProfile(client: BenchClient, name: string, samples: number): Promise<{ stages: StageResult[]; total: Summary }> {
  const durations = new Map<string, number[]>(STAGES.map(([from, to]) => [`${from}→${to}`, []]));
  const totals: number[] = [];
  for (let i = 0; i < samples + 50; i++) {
    const sent = traceNow();
    const response = await client.invoke(name, 'blocking=true&result=true', {}, { 'x-brisk-trace': '1' });
    const answered = traceNow();
    if (i < 50 || response.status !== 200) continue; // the first ones warm things up
    const marks: Record<string, number> = { ...(JSON.parse(String(response.headers['x-brisk-trace'] ?? '{}')) as Record<string, number>), sent, answered };
    if (marks.warm !== 1) continue;
    for (const [from, to] of STAGES) {
      if (marks[from] !== undefined && marks[to] !== undefined) durations.get(`${from}→${to}`)!.push(marks[to]! - marks[from]!);
    }
    totals.push(answered - sent);
  }
  return {
    stages: STAGES.map(([from, to, what]) => ({ stage: `${from}→${to}`, what, ms: summarize(durations.get(`${from}→${to}`)!) })),
    total: summarize(totals),
  };
}
