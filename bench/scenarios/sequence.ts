// A 3-step sequence of no-ops, end to end, warm. Sequences arrive in a
// parallel branch: when `kind: sequence` does not work here yet, say so.
import type { BenchClient } from '../lib/http.ts';
import type { LoadPoint, Limits } from './warm.ts';
import { warmBlocking } from './warm.ts';
import { noopAction } from './actions.ts';
import type { Row } from '../lib/report.ts';

export type SequenceResult = ({ available: true } & LoadPoint) | { available: false; reason: string };

export async function sequenceOfThree(client: BenchClient, prefix: string, limits: Limits, created: string[]): Promise<SequenceResult> {
  const components: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const name = `${prefix}-step-${i}`;
    const put = await client.putAction(name, noopAction('nodejs'));
    if (put.status !== 200) return { available: false, reason: `creating a component answered ${put.status}` };
    created.push(name);
    components.push(`/${String(put.body.namespace ?? '_').split('/')[0]}/${name}`);
  }
  const name = `${prefix}-sequence`;
  const put = await client.putAction(name, { exec: { kind: 'sequence', components } });
  if (put.status !== 200) return { available: false, reason: `creating the sequence answered ${put.status}: ${JSON.stringify(put.body).slice(0, 200)}` };
  created.push(name);
  const first = await client.invoke(name, 'blocking=true&result=true');
  if (first.status !== 200) return { available: false, reason: `invoking it answered ${first.status}: ${first.text.slice(0, 200)}` };
  return { available: true, ...(await warmBlocking(client, name, 1, limits, 1_000)) };
}

export function sequenceRows(sequenceResult: SequenceResult): Row[] {
  const out: Row[] = [];
  out.push(
    sequenceResult.available
      ? {
          scenario: '3-step sequence warm',
          p50: sequenceResult.latency.p50,
          p99: sequenceResult.latency.p99,
          perSecond: sequenceResult.perSecond,
          target: 'p50<=15',
          met: sequenceResult.latency.p50 <= 15 && sequenceResult.errors === 0,
        }
      : { scenario: '3-step sequence warm', note: `n/a (sequences not available: ${sequenceResult.reason})` },
  );
  return out;
}
