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
import { burstRows, burstScenario, type BurstResult } from './scenarios/burst.ts';
import { coldRows, coldStarts, type ColdResult } from './scenarios/cold.ts';
import { alarmsRows, alarmsScenario, type AlarmsResult } from './scenarios/alarms.ts';
import { deployRows, deployScenario, type DeployResult } from './scenarios/deploy.ts';
import { activationPages, pagesRows, type PagesResult } from './scenarios/pages.ts';
import { dashboardRows, dashboardScenario, type DashboardResult } from './scenarios/dashboard.ts';
import { floorRows, measureFloor, type FloorResult } from './scenarios/floor.ts';
import { placementRows, placementScenario, type PlacementRun } from './scenarios/placement.ts';
import { roundRobin, scalingRows, type ScalingResult } from './scenarios/scaling.ts';
import { sequenceOfThree, sequenceRows, type SequenceResult } from './scenarios/sequence.ts';
import { stageProfile } from './scenarios/stages.ts';
import { overloadRows, overloadScenario, type OverloadResult, SLOW_ACTION } from './scenarios/overload.ts';
import { nonBlocking, nonBlockingRows, warmBlocking, warmRows, type LoadPoint, type NonBlockingResult } from './scenarios/warm.ts';

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
  return [
    ...floorRows(floor),
    ...warmRows(warm, floor),
    ...(nonBlockingResult ? nonBlockingRows(nonBlockingResult) : []),
    ...coldRows(cold, warmByKind),
    ...(burstResult ? burstRows(burstResult) : []),
    ...(sequenceResult ? sequenceRows(sequenceResult) : []),
    ...(scalingResult ? scalingRows(scalingResult) : []),
    ...(pagesResult ? pagesRows(pagesResult) : []),
    ...(dashboardResult ? dashboardRows(dashboardResult) : []),
    ...(deployResult ? deployRows(deployResult) : []),
    ...(alarmsResult ? alarmsRows(alarmsResult) : []),
    ...(overloadResult ? overloadRows(overloadResult) : []),
    ...placementRows(placementRuns ?? []),
  ];
}
