// `npm start`: brings Brisk up on this machine — services, database, guest
// key, runtime images, web build — then runs the web app and a worker, and
// starts either again when it exits (scripts/lib/supervisor.ts).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createDb } from '@brisk/db';
import { config, REPO_ROOT } from './lib/config.ts';
import { guestKeyFor, writeWskprops } from './lib/guest-key.ts';
import { deployMigrations } from './lib/migrations.ts';
import { prepareRuntimeImages, prepareServices, printTimings, timed, type StepTiming } from './lib/prepare.ts';
import { ensureWebBuild } from './lib/web-build.ts';
import { ensureSecretsKey } from './lib/secrets-key.ts';
import { Supervisor } from './lib/supervisor.ts';

const log = (line: string) => console.log(`[brisk] ${line}`);
const timings: StepTiming[] = [];
const started = performance.now();

try {
  await prepareServices(timings, log);
  await timed(timings, 'migrations', () => deployMigrations(config.databaseUrl, log));
  const apiHost = `http://${config.host}:${config.port}`;
  const guest = await timed(
    timings,
    'guest key',
    async () => {
      const db = createDb(config.databaseUrl, { poolSize: 1 });
      try {
        return await guestKeyFor(db, config.wskprops);
      } finally {
        await db.$disconnect();
      }
    },
    (result) => result.source,
  );
  writeWskprops(config.wskprops, apiHost, guest.key);
  await prepareRuntimeImages(timings, log);
  await timed(
    timings,
    'web build',
    () => ensureWebBuild(log),
    (result) => result,
  );
  timings.push({ step: 'total set-up', ms: performance.now() - started });
  printTimings('set-up:', timings);

  const supervisor = startProcesses();
  console.log(`
Brisk is starting:
  console   ${apiHost}/
  API host  ${apiHost}  (OpenWhisk REST API at ${apiHost}/api/v1)
  guest key ${guest.key}
  wskprops  ${config.wskprops}   (WSK_CONFIG_FILE=${config.wskprops} wsk action list)
`);
  stopOnSignal(supervisor);
} catch (error) {
  console.error(`[brisk] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function startProcesses(): Supervisor {
  const env = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    BRISK_SECRETS_KEY: ensureSecretsKey(log),
    // The worker passes actions' calls to the API (__OW_API_HOST) on to the web app.
    BRISK_API_URL: `http://${config.host}:${config.port}`,
  };
  const supervisor = new Supervisor({
    log: (line) => console.log(line),
    onGiveUp: (reason) => {
      console.error(`[brisk] stopped: ${reason}`);
      process.exit(1);
    },
  });
  // apps/web/server.ts: Next.js with the invoke fast path (like `next start` otherwise).
  supervisor.add({
    name: 'web',
    start: () =>
      spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/web/server.ts'), '--port', String(config.port), '--hostname', config.host], {
        cwd: path.join(REPO_ROOT, 'apps/web'),
        env: { ...env, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
  });
  supervisor.add({
    name: 'worker',
    start: () =>
      spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/worker/src/main.ts')], {
        cwd: REPO_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
  });
  return supervisor;
}

function stopOnSignal(supervisor: Supervisor): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void supervisor.stop().then(() => process.exit(0));
    });
  }
}
