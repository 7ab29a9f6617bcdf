// `npm run bench`: how fast Brisk invokes, measured end to end. Not a test.
//
//   npm run bench                      a Brisk of its own, full run (4 to 8 minutes)
//   npm run bench -- --quick           shorter loads (2 to 4 minutes)
//   npm run bench -- --url http://127.0.0.1:3000 --key uuid:secret
//                                      an existing Brisk (add --redis-prefix P --worker-id W
//                                      to read its pool statistics from Redis)
//   npm run bench -- --only floor,warm,nonblocking,cold,burst,sequence,stages,scaling,pages,dashboard,deploy,alarms,overload,placement
//                                      (pages: activation pages in a namespace of a million
//                                      activations; dashboard: 30-day dashboard from rollups and
//                                      from raw records, and the rollups' write cost; both only
//                                      on the benchmark's own Brisk)
//
//   npm run bench -- --profile DIR     also write CPU profiles of its own web and worker
//                                      (.cpuprofile, for Chrome's DevTools) into DIR
//
// Every load is bounded in count and time; everything created is removed.
import { parseArgs } from 'node:util';
import { BenchClient } from './lib/http.ts';
import { machineInfo, printTable, writeResults, type Row } from './lib/report.ts';
import { givenTarget, ownTarget, OWN_WORKER_ENV, type Target } from './lib/target.ts';
import { IMAGE_KINDS, KINDS, noopAction, noopOfKind, type BenchKind } from './scenarios/actions.ts';
import { burstScenario, type BurstResult } from './scenarios/burst.ts';
import { coldStarts, type ColdResult } from './scenarios/cold.ts';
import { alarmsScenario, type AlarmsResult } from './scenarios/alarms.ts';
import { deployScenario, type DeployResult } from './scenarios/deploy.ts';
import { activationPages, type PagesResult } from './scenarios/pages.ts';
import { dashboardScenario, type DashboardResult } from './scenarios/dashboard.ts';
import { measureFloor, type FloorResult } from './scenarios/floor.ts';
import { placementScenario, type PlacementRun } from './scenarios/placement.ts';
import { roundRobin, type ScalingResult } from './scenarios/scaling.ts';
import { sequenceOfThree, type SequenceResult } from './scenarios/sequence.ts';
import { stageProfile } from './scenarios/stages.ts';
import { overloadScenario, type OverloadResult, SLOW_ACTION } from './scenarios/overload.ts';
import { nonBlocking, warmBlocking, type LoadPoint, type NonBlockingResult } from './scenarios/warm.ts';

const SCENARIOS = [
  'floor',
  'warm',
  'nonblocking',
  'cold',
  'burst',
  'sequence',
  'stages',
  'scaling',
  'pages',
  'dashboard',
  'deploy',
  'alarms',
  'overload',
  'placement',
] as const;

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BRISK_BENCH_URL },
    key: { type: 'string', default: process.env.BRISK_BENCH_KEY },
    'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'redis-prefix': { type: 'string' },
    'worker-id': { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
// Read by startBrisk (packages/testing) when it starts the processes.
if (args.profile) process.env.BRISK_CPU_PROFILE_DIR = args.profile;
const only = new Set(args.only ? args.only.split(',') : SCENARIOS);
for (const name of only) if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario ${name}; use ${SCENARIOS.join(', ')}`);
const quick = args.quick;
const scale = (full: number, short: number) => (quick ? short : full);
const log = (line: string) => console.log(`[bench] ${line}`);

const results: Record<string, unknown> = { startedAt: new Date().toISOString(), quick };
const floor: Partial<Record<BenchKind, FloorResult>> = {};
const warm: Record<string, LoadPoint | LoadPoint[]> = {};
const cold: Record<string, ColdResult> = {};
const warmByKind: Record<string, LoadPoint> = {};
let nonBlockingResult: NonBlockingResult | undefined;
let burstResult: BurstResult | undefined;
let sequenceResult: SequenceResult | undefined;
let scalingResult: ScalingResult | undefined;
let pagesResult: PagesResult | undefined;
let dashboardResult: DashboardResult | undefined;
let deployResult: DeployResult | undefined;
let alarmsResult: AlarmsResult | undefined;
let overloadResult: OverloadResult | undefined;
let placementRuns: PlacementRun[] | undefined;

let target: Target | undefined;
let client: BenchClient | undefined;
const created: string[] = [];
const prefix = `bench-${Date.now().toString(36)}`;
try {
  results.machine = await machineInfo();
  if (args.url && args.key) {
    const heartbeat =
      args['redis-prefix'] && args['worker-id'] ? { redisUrl: args['redis-url']!, prefix: args['redis-prefix'], workerId: args['worker-id'] } : undefined;
    target = givenTarget(args.url, args.key, heartbeat);
    log(`using the Brisk at ${args.url}`);
  } else {
    target = await ownTarget(log);
    results.workerEnv = OWN_WORKER_ENV;
  }
  client = new BenchClient(target.url, target.key);

  const noop = (kind: BenchKind) => `${prefix}-noop-${kind}`;
  for (const kind of KINDS) {
    const put = await client.putAction(noop(kind), noopAction(kind));
    if (put.status !== 200) throw new Error(`deploying the ${kind} no-op answered ${put.status}: ${JSON.stringify(put.body)}`);
    created.push(noop(kind));
    const first = await client.invoke(noop(kind), 'blocking=true&result=true');
    if (first.status !== 200) throw new Error(`the ${kind} no-op answered ${first.status}: ${first.text}`);
  }

  if (only.has('floor')) {
    for (const kind of KINDS) {
      log(`floor: /run straight into a warm ${kind} container`);
      floor[kind] = await measureFloor(kind, { durationMs: scale(10_000, 4_000), maxRequests: scale(3_000, 1_000) });
    }
  }
  if (only.has('warm')) {
    const limits = { durationMs: scale(15_000, 6_000), maxRequests: scale(2_000, 600) };
    for (const kind of KINDS) {
      log(`warm: sequential blocking invocations, ${kind}`);
      warm[`${kind} sequential`] = await warmBlocking(client, noop(kind), 1, limits, 1_000);
    }
    const points: LoadPoint[] = [];
    for (const clients of [1, 8, 32, 64]) {
      log(`warm: ${clients} concurrent clients, nodejs`);
      const own = target.processes && target.workerId ? { processes: target.processes, workerId: target.workerId } : undefined;
      points.push(
        await warmBlocking(client, noop('nodejs'), clients, { durationMs: scale(8_000, 4_000), maxRequests: scale(20_000, 6_000) }, scale(3_000, 1_500), own),
      );
    }
    warm['nodejs concurrent'] = points;
  }
  if (only.has('nonblocking')) {
    log('non-blocking: 32 clients');
    nonBlockingResult = await nonBlocking(client, noop('nodejs'), 32, { durationMs: scale(8_000, 3_000), maxRequests: scale(4_000, 1_000) });
  }
  if (only.has('cold')) {
    for (const kind of IMAGE_KINDS) {
      for (const stem of [false, true]) {
        log(`cold start: ${kind}, ${stem ? 'with' : 'without'} a stem cell`);
        cold[`${kind} ${stem ? 'stem cell' : 'no stem cell'}`] = await coldStarts(client, target, kind, stem, scale(5, 3), prefix);
      }
      // The same kind warm, beside its cold starts: what a kind costs once its container is up.
      const name = `${prefix}-noop-${kind.replace(/\W/g, '')}`;
      const put = await client.putAction(name, noopOfKind(kind));
      if (put.status !== 200) throw new Error(`deploying the ${kind} no-op answered ${put.status}: ${JSON.stringify(put.body)}`);
      created.push(name);
      log(`warm: sequential blocking invocations, ${kind}`);
      warmByKind[kind] = await warmBlocking(client, name, 1, { durationMs: scale(5_000, 2_000), maxRequests: scale(500, 200) }, 500);
    }
  }
  if (only.has('burst')) {
    log('burst: 32 clients at once on a new action, twice');
    burstResult = await burstScenario(client, { clients: 32, durationMs: 10_000, prefix, created });
  }
  if (only.has('sequence')) {
    log('sequence: 3 no-op steps');
    sequenceResult = await sequenceOfThree(client, prefix, { durationMs: scale(10_000, 4_000), maxRequests: scale(1_000, 300) }, created);
  }
  if (only.has('stages')) {
    log('stages: where a warm invocation spends its time');
    results.stages = await stageProfile(client, noop('nodejs'), scale(1_000, 300));
  }
  if (only.has('scaling')) {
    log('scaling: 200 actions round-robin');
    scalingResult = await roundRobin(client, target, {
      actions: 200,
      rounds: 2,
      clients: 8,
      durationMs: scale(240_000, 120_000),
      prefix,
      ...(target.workerId ? { workerId: target.workerId } : {}),
    });
  }
  if (only.has('pages')) {
    if (target.databaseUrl) {
      const count = scale(1_000_000, 200_000);
      log(`pages: activation pages among ${count} activations`);
      pagesResult = await activationPages(target.databaseUrl, count, prefix);
    } else {
      log('pages: skipped (it needs the database: run without --url)');
    }
  }
  if (only.has('dashboard')) {
    if (target.databaseUrl) {
      const count = scale(1_000_000, 200_000);
      log(`dashboard: 30 days of ${count} activations, rollups against raw records; rollup write cost`);
      dashboardResult = await dashboardScenario(target.databaseUrl, count, prefix);
    } else {
      log('dashboard: skipped (it needs the database: run without --url)');
    }
  }
  if (only.has('deploy')) {
    if (target.own) {
      log('deploy: webhook to deployment succeeded, 20 actions');
      deployResult = await deployScenario(client, { actions: 20, pushes: scale(20, 8), prefix });
    } else {
      log('deploy: skipped (it needs a Brisk that allows loopback repositories: run without --url)');
    }
  }
  if (only.has('alarms')) {
    log('alarms: an alarm every second, how late its ticks fire');
    alarmsResult = await alarmsScenario(client, { key: target.key, seconds: scale(30, 10), prefix });
  }
  if (only.has('overload')) {
    log('overload: a 50 ms action, its capacity (64 blocking clients), then twice that offered, non-blocking');
    const slow = `${prefix}-slow50`;
    const put = await client.putAction(slow, SLOW_ACTION);
    if (put.status !== 200) throw new Error(`deploying the overload action answered ${put.status}: ${JSON.stringify(put.body)}`);
    created.push(slow);
    overloadResult = await overloadScenario(client, slow, { durationMs: scale(30_000, 10_000) });
  }
  if (only.has('placement')) {
    if (target.own) {
      placementRuns = [];
      for (const workers of [1, 2]) placementRuns.push(...(await placementScenario({ workers, rounds: scale(10, 4), prefix, log })));
    } else {
      log('placement: skipped (it starts Brisks of its own with several workers: run without --url)');
    }
  }
  if (target.workerLog && [scalingResult?.errors, nonBlockingResult?.errors, ...Object.values(cold).map((c) => c.errors)].some((n) => (n ?? 0) > 0)) {
    log(`errors happened; the worker's last lines:\n${await target.workerLog()}`);
  }
} finally {
  if (client) {
    for (const name of created) await client.deleteAction(name).catch(() => undefined);
    client.close();
  }
  await target?.stop();
}

Object.assign(results, {
  floor,
  warm,
  nonBlocking: nonBlockingResult,
  cold,
  burst: burstResult,
  sequence: sequenceResult,
  scaling: scalingResult,
  pages: pagesResult,
  dashboard: dashboardResult,
  deploy: deployResult,
  alarms: alarmsResult,
  overload: overloadResult,
  placement: placementRuns,
});
printTable(rows());
const stages = results.stages as Awaited<ReturnType<typeof stageProfile>> | undefined;
if (stages) {
  console.log(`\nwarm nodejs invocation by stage (median / p99 ms, ${stages.total.n} traced calls, total median ${stages.total.p50.toFixed(2)} ms):`);
  for (const { stage, what, ms } of stages.stages)
    console.log(`  ${stage.padEnd(22)} ${ms.p50.toFixed(3).padStart(7)} ${ms.p99.toFixed(3).padStart(8)}  ${what}`);
}
console.log(`\nmachine: ${JSON.stringify(results.machine)}`);
log(`results written to ${await writeResults(results)}`);

function rows(): Row[] {
  const out: Row[] = [];
  for (const kind of KINDS) {
    const f = floor[kind];
    if (f)
      out.push({
        scenario: `floor /run ${kind}`,
        p50: f.run.p50,
        p99: f.run.p99,
        perSecond: f.perSecond,
        note: `container start ${f.createMs} ms, /init ${f.initMs} ms`,
      });
  }
  for (const kind of KINDS) {
    const point = warm[`${kind} sequential`] as LoadPoint | undefined;
    if (!point) continue;
    const f = floor[kind];
    const overhead = f ? point.latency.p50 - f.run.p50 : undefined;
    out.push({
      scenario: `warm blocking sequential ${kind}`,
      p50: point.latency.p50,
      p99: point.latency.p99,
      perSecond: point.perSecond,
      ...(f ? { vsFloor: `${(point.latency.p50 / f.run.p50).toFixed(1)}x, +${overhead!.toFixed(2)} ms` } : {}),
      target: 'p50<=5 p99<=25 +<=3',
      met: point.latency.p50 <= 5 && point.latency.p99 <= 25 && (overhead === undefined || overhead <= 3) && point.errors === 0,
      ...(point.errors ? { note: `${point.errors} errors` } : {}),
    });
  }
  for (const point of (warm['nodejs concurrent'] as LoadPoint[] | undefined) ?? []) {
    out.push({
      scenario: `warm blocking ${point.clients} clients nodejs`,
      p50: point.latency.p50,
      p99: point.latency.p99,
      perSecond: point.perSecond,
      ...(point.clients === 32 ? { target: '>=800/s', met: point.perSecond >= 800 && point.errors === 0 } : {}),
      ...(point.errors || point.cpu
        ? {
            note: [
              point.cpu ? `CPU ms per call: web ${point.cpu.web}, worker ${point.cpu.worker}, containers ${point.cpu.containers}` : '',
              point.errors ? `${point.errors} errors: ${point.firstError ?? ''}` : '',
            ]
              .filter(Boolean)
              .join('; '),
          }
        : {}),
    });
  }
  if (nonBlockingResult) {
    const nb = nonBlockingResult;
    out.push({
      scenario: 'non-blocking accept (202) 32 clients',
      p50: nb.accept.p50,
      p99: nb.accept.p99,
      perSecond: nb.acceptedPerSecond,
      ...(nb.errors ? { note: refusalNote(nb) } : {}),
    });
    out.push({
      scenario: 'non-blocking accept to completion',
      p50: nb.completion.p50,
      p99: nb.completion.p99,
      note: `${nb.recordsFound}/${nb.accepted} records, all done ${(nb.drainMs / 1000).toFixed(1)} s after the first`,
    });
  }
  for (const [name, result] of Object.entries(cold)) {
    const stem = name.endsWith('stem cell') && !name.endsWith('no stem cell');
    out.push({
      scenario: `cold start ${name}`,
      p50: result.latency.p50,
      p99: result.latency.max,
      target: stem ? 'p50<=50' : 'p50<=500',
      met: result.errors === 0 && result.latency.p50 <= (stem ? 50 : 500),
      note: `p99 column: max of ${result.latency.n}; /init median ${result.initTime.p50} ms; containers: ${result.sources.join(' ')}${result.errors ? `; ${result.errors} errors` : ''}`,
    });
  }
  for (const [kind, point] of Object.entries(warmByKind)) {
    out.push({ scenario: `warm blocking sequential ${kind}`, p50: point.latency.p50, p99: point.latency.p99, perSecond: point.perSecond });
  }
  if (burstResult) {
    const b = burstResult;
    b.bursts.forEach((burst, index) => {
      out.push({
        scenario: `burst ${b.clients} clients, new action #${index + 1}`,
        perSecond: burst.first2s,
        target: 'warm rate within 2 s',
        met: burst.errors === 0 && burst.reachedWarmMs !== undefined && burst.reachedWarmMs <= 2_000,
        note: `per second: first 2 s ${burst.first2s}, first 8 s ${burst.first8s}, last 2 s ${burst.steady}, warm ${b.warmRate}; 90% of warm after ${burst.reachedWarmMs ?? 'never'} ms${burst.errors ? `; ${burst.errors} errors: ${burst.firstError ?? ''}` : ''}`,
      });
    });
  }
  if (sequenceResult) {
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
  }
  if (scalingResult) {
    const s = scalingResult;
    out.push({
      scenario: `${s.actions} actions round-robin`,
      p50: s.latency.p50,
      p99: s.latency.p99,
      perSecond: s.perSecond,
      target: 'no errors, in budget',
      met: s.errors === 0 && s.withinBudget !== false,
      note: `${s.invocations} calls, ${s.errors} errors${s.firstError ? ` (first: ${s.firstError})` : ''}, warm hits ${(s.warmHitRate * 100).toFixed(0)}%, memory limits held max ${s.maxMemoryMb ?? '?'} of ${s.budgetMb ?? '?'} MB, ${s.maxContainers ?? '?'} containers max, resident ${s.residentMb ?? '?'} MB, ${s.created ?? '?'} started, ${s.evicted ?? '?'} evicted`,
    });
  }
  if (pagesResult) {
    const p = pagesResult;
    const depth = `row ${p.depth.toLocaleString('en')} of ${p.rows.toLocaleString('en')}`;
    out.push({
      scenario: 'activation page: first (console)',
      p50: p.firstPage.p50,
      p99: p.firstPage.p99,
      note: `${p.rows.toLocaleString('en')} rows inserted in ${(p.insertMs / 1000).toFixed(1)} s; ${p.bytesPerActivation} bytes per activation with indexes`,
    });
    out.push({ scenario: 'activation page: keyset at depth', p50: p.keysetAtDepth.p50, p99: p.keysetAtDepth.p99, note: depth });
    out.push({
      scenario: 'activation page: one action, at depth',
      p50: p.keysetAtDepthOneAction.p50,
      p99: p.keysetAtDepthOneAction.p99,
      note: `90% into one of 10 actions`,
    });
    out.push({
      scenario: 'activation page: OFFSET at depth',
      p50: p.offsetAtDepth.p50,
      p99: p.offsetAtDepth.p99,
      note: `${depth}, for comparison (p99 column: max of 5)`,
    });
  }
  if (dashboardResult) {
    const d = dashboardResult;
    const among = `${d.rows.toLocaleString('en')} activations over 30 days (inserted in ${(d.insertMs / 1000).toFixed(1)} s, ${d.rollupRows.toLocaleString('en')} rollup rows)`;
    out.push({ scenario: 'dashboard 30d: raw records (before)', p50: d.raw30d.p50, p99: d.raw30d.p99, note: `${among}; p99 column: max of 5` });
    out.push({
      scenario: 'dashboard 30d: rollups',
      p50: d.rollup30d.p50,
      p99: d.rollup30d.p99,
      note: `${(d.raw30d.p50 / d.rollup30d.p50).toFixed(0)}x faster at the median`,
    });
    out.push({ scenario: 'dashboard 24h: rollups', p50: d.rollup24h.p50, p99: d.rollup24h.p99, note: among });
    out.push({
      scenario: 'record write, one per INSERT: no trigger',
      p50: d.writeOneWithout.p50,
      p99: d.writeOneWithout.p99,
      note: 'ms per record, RecordWriter.save awaited one by one',
    });
    out.push({
      scenario: 'record write, one per INSERT: rollup trigger',
      p50: d.writeOneWith.p50,
      p99: d.writeOneWith.p99,
      note: `+${(d.writeOneWith.p50 - d.writeOneWithout.p50).toFixed(3)} ms at the median; batched 500 at a time: ${d.writeBatchedWithout.toFixed(3)} -> ${d.writeBatchedWith.toFixed(3)} ms per record`,
    });
  }
  if (deployResult) {
    const d = deployResult;
    out.push({
      scenario: `deploy: webhook to succeeded, ${d.actions} actions`,
      p50: d.updates.p50,
      p99: d.updates.p99,
      target: 'p50<3000',
      met: d.updates.p50 < 3000 && d.failures === 0,
      note: `${d.updates.n} pushes changing every action; first push (all created) ${d.firstMs} ms${d.failures ? `; ${d.failures} failed` : ''}`,
    });
  }
  if (alarmsResult) {
    const a = alarmsResult;
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
  }
  if (overloadResult) {
    const o = overloadResult;
    const refusedText = Object.entries(o.refused)
      .map(([status, count]) => `${count}×${status}`)
      .join(', ');
    out.push({
      scenario: `overload: 2x capacity offered (${o.offeredPerSecond}/s)`,
      p50: o.answer.p50,
      p99: o.answer.p99,
      perSecond: o.capacityPerSecond,
      target: 'only 429/503, 0 resets, all recorded',
      met: Object.keys(o.refused).every((status) => status === '429' || status === '503') && o.connectionErrors === 0 && o.recorded === o.accepted,
      note: `capacity ${o.capacityPerSecond}/s; ${o.offered} offered, ${o.accepted} accepted, shed ${(o.shedRate * 100).toFixed(1)}% (${refusedText || 'none'}); ${o.connectionErrors} connection errors${o.firstConnectionError ? ` (${o.firstConnectionError})` : ''}; ${o.notSent} not sent; ${o.recorded}/${o.accepted} recorded, drained ${(o.drainMs / 1000).toFixed(1)} s after the first`,
    });
  }
  for (const run of placementRuns ?? []) {
    out.push({
      scenario: `${run.actions} actions round-robin, ${run.workers} worker${run.workers > 1 ? 's' : ''}, ${run.placement === 'home' ? 'home workers' : 'shared queue'}`,
      p50: run.latency.p50,
      p99: run.latency.p99,
      perSecond: run.perSecond,
      ...(run.placement === 'home' ? { target: 'warm >= 95%', met: run.warmHitRate >= 0.95 } : {}),
      note: `warm hits ${(run.warmHitRate * 100).toFixed(1)}%; ${run.invocations} invocations, ${run.errors} errors`,
    });
  }
  return out;
}

/** "1616 not accepted: 1616 × 429 (throttled)", so a throttle is never mistaken for a failure. */
function refusalNote(nb: NonBlockingResult): string {
  const byStatus = Object.entries(nb.refused).map(
    ([status, count]) => `${count} × ${status}${status === '429' ? ' (throttled: the namespace limit on concurrent activations)' : ''}`,
  );
  const thrown = nb.errors - Object.values(nb.refused).reduce((sum, n) => sum + n, 0);
  if (thrown > 0) byStatus.push(`${thrown} × no answer`);
  return `${nb.errors} not accepted: ${byStatus.join(', ')}`;
}
