// Alarms: how late a tick fires its trigger and how late the rule's action
// then starts, for an alarm firing every second (`* * * * * *`), each tick
// due on a whole second. Also counts the ticks missed or fired twice.
import type { BenchClient } from '../lib/http.ts';
import { summarize, type Summary } from '../lib/load.ts';
import type { Row } from '../lib/report.ts';

export interface AlarmsResult {
  seconds: number;
  /** Trigger activations: ms after the whole second each tick was due. */
  triggerLateness: Summary;
  /** The rule's action activations: ms after the tick's second. */
  actionLateness: Summary;
  /** Seconds of the window with no trigger activation, and with more than one. */
  missed: number;
  doubled: number;
}

const lateness = (start: number) => start - Math.floor(start / 1000) * 1000;

export async function alarmsScenario(client: BenchClient, options: { key: string; seconds: number; prefix: string }): Promise<AlarmsResult> {
  const [action, trigger, rule] = [`${options.prefix}-on-tick`, `${options.prefix}-tick`, `${options.prefix}-tick-rule`];
  await client.putAction(action, { exec: { kind: 'nodejs:default', code: 'function main(params) { return {}; }' } });
  await client.json('PUT', `/namespaces/_/triggers/${trigger}`, {});
  await client.json('PUT', `/namespaces/_/rules/${rule}`, { trigger: `/_/${trigger}`, action: `/_/${action}` });
  try {
    const created = await client.json('POST', '/namespaces/whisk.system/actions/alarms/alarm?blocking=true', {
      lifecycleEvent: 'CREATE',
      triggerName: `/_/${trigger}`,
      authKey: options.key,
      cron: '* * * * * *',
    });
    if (created.status !== 200) throw new Error(`the alarm's CREATE answered ${created.status}: ${JSON.stringify(created.body)}`);
    // Whole seconds only: the first and last may be cut by the window.
    const from = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    await new Promise((resolve) => setTimeout(resolve, from - Date.now() + options.seconds * 1000 + 1500));
    const to = from + options.seconds * 1000;
    const starts = async (name: string) =>
      ((await client.json('GET', `/namespaces/_/activations?name=${encodeURIComponent(name)}&limit=200`)).body as { start: number }[])
        .map((record) => record.start)
        .filter((start) => start >= from && start < to);
    const ticks = await starts(trigger);
    const perSecond = new Map<number, number>();
    for (const start of ticks) perSecond.set(Math.floor(start / 1000), (perSecond.get(Math.floor(start / 1000)) ?? 0) + 1);
    let missed = 0;
    let doubled = 0;
    for (let second = from / 1000; second < to / 1000; second++) {
      const n = perSecond.get(second) ?? 0;
      if (n === 0) missed++;
      if (n > 1) doubled++;
    }
    return {
      seconds: options.seconds,
      triggerLateness: summarize(ticks.map(lateness)),
      actionLateness: summarize((await starts(action)).map(lateness)),
      missed,
      doubled,
    };
  } finally {
    await client.json('DELETE', `/namespaces/_/triggers/${trigger}`).catch(() => undefined);
    await client.json('DELETE', `/namespaces/_/rules/${rule}`).catch(() => undefined);
    await client.deleteAction(action).catch(() => undefined);
  }
}

export function alarmsRows(a: AlarmsResult): Row[] {
  const out: Row[] = [];
  out.push({
    scenario: 'alarm tick: due second to trigger fired',
    p50: a.triggerLateness.p50,
    p99: a.triggerLateness.p99,
    target: 'p50<100',
    met: a.triggerLateness.p50 < 100 && a.missed === 0 && a.doubled === 0,
    note: `${a.triggerLateness.n} ticks in ${a.seconds} s; ${a.missed} missed, ${a.doubled} fired twice`,
  });
  out.push({
    scenario: 'alarm tick: due second to rule action started',
    p50: a.actionLateness.p50,
    p99: a.actionLateness.p99,
    note: `${a.actionLateness.n} actions`,
  });
  return out;
}
