// `npm run worker`: one more worker for a running Brisk, against the same
// Postgres and Redis (DATABASE_URL, REDIS_URL; the defaults are `npm start`'s)
// and this machine's Docker engine, or another one's via DOCKER_HOST. It
// builds the runtime images that engine lacks, then runs the worker and
// starts it again when it exits. On another machine, give it the
// installation's BRISK_SECRETS_KEY and BRISK_API_URL.
import { exitingSupervisor, processEnv, spawnWorker, stopOnSignal } from './lib/brisk-processes.ts';
import { config } from './lib/config.ts';
import { prepareRuntimeImages, printTimings, timed, type StepTiming } from './lib/prepare.ts';
import { ensureDocker } from './lib/services.ts';

const log = (line: string) => console.log(`[brisk] ${line}`);
const timings: StepTiming[] = [];

try {
  await timed(
    timings,
    'docker engine',
    () => ensureDocker(config.dockerHost, log),
    (result) => (result.started ? 'started' : 'running'),
  );
  await prepareRuntimeImages(timings, log);
  printTimings('set-up:', timings);
  const env = processEnv(log);
  const supervisor = exitingSupervisor();
  supervisor.add({ name: 'worker', start: () => spawnWorker(env) });
  log(`one more worker, for the Brisk on ${config.redisUrl} (its Postgres: ${new URL(config.databaseUrl).host})`);
  stopOnSignal(supervisor);
} catch (error) {
  console.error(`[brisk] could not start the worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
