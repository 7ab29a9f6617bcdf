// `npm start`: brings Brisk up on this machine — services, database, guest
// key, runtime images, web build — then runs the web app and a worker, and
// starts either again when it exits (scripts/lib/supervisor.ts).
import { createDb } from '@brisk/db';
import { exitingSupervisor, processEnv, spawnWeb, spawnWorker, stopOnSignal } from './lib/brisk-processes.ts';
import { config } from './lib/config.ts';
import { guestKeyFor, writeWskprops } from './lib/guest-key.ts';
import { deployMigrations } from './lib/migrations.ts';
import { prepareRuntimeImages, prepareServices, printTimings, timed, type StepTiming } from './lib/prepare.ts';
import { ensureWebBuild } from './lib/web-build.ts';
import type { Supervisor } from './lib/supervisor.ts';

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
  const env = processEnv(log);
  const supervisor = exitingSupervisor();
  supervisor.add({ name: 'web', start: () => spawnWeb(env) });
  supervisor.add({ name: 'worker', start: () => spawnWorker(env) });
  return supervisor;
}
