// The set-up both `npm start` and `npm test` need: services up, database
// migrated (start only), runtime images built. Each step is timed.
import { ensureDebianPackages, type Requirement, START_REQUIREMENTS } from './debian-packages.ts';
import { ensureBaseImages, ensureRuntimeImages } from './runtime-images.ts';
import { loadRuntimeManifest } from './runtime-manifest.ts';
import { dockerClient, ensureDocker, ensurePostgres, ensureRedis } from './services.ts';
import { config, REPO_ROOT } from './config.ts';
import { formatMs, type Log } from './progress.ts';

export interface StepTiming {
  step: string;
  ms: number;
  note?: string;
}

export async function timed<T>(timings: StepTiming[], step: string, work: () => Promise<T>, note?: (result: T) => string): Promise<T> {
  const start = performance.now();
  const result = await work();
  const entry: StepTiming = { step, ms: performance.now() - start };
  const text = note?.(result);
  if (text) entry.note = text;
  timings.push(entry);
  return result;
}

/** Postgres (with the database in `databaseUrl`), Redis and the Docker engine; first the Debian packages missing for them. */
export async function prepareServices(
  timings: StepTiming[],
  log: Log,
  databaseUrl = config.databaseUrl,
  requirements: Requirement[] = START_REQUIREMENTS,
): Promise<void> {
  await timed(
    timings,
    'packages',
    () => ensureDebianPackages(requirements, log),
    (installed) => (installed.length > 0 ? `installed ${installed.join(', ')}` : 'present'),
  );
  await timed(
    timings,
    'postgres',
    () => ensurePostgres(databaseUrl, log),
    (r) => (r.started ? 'started' : 'running'),
  );
  await timed(
    timings,
    'redis',
    () => ensureRedis(config.redisUrl, log),
    (r) => (r.started ? 'started' : 'running'),
  );
  await timed(
    timings,
    'docker engine',
    () => ensureDocker(config.dockerHost, log),
    (r) => (r.started ? 'started' : 'running'),
  );
}

export async function prepareRuntimeImages(timings: StepTiming[], log: Log): Promise<void> {
  const manifest = loadRuntimeManifest(REPO_ROOT);
  const docker = dockerClient(config.dockerHost);
  await timed(
    timings,
    'base images',
    () => ensureBaseImages(docker, manifest, log),
    (steps) => steps.map((step) => `${step.image} ${step.action}`).join(', '),
  );
  await timed(
    timings,
    'runtime images',
    () => ensureRuntimeImages(docker, manifest, {}, log),
    (steps) => steps.map((step) => `${step.image} ${step.action}`).join(', '),
  );
}

export function printTimings(title: string, timings: StepTiming[]): void {
  console.log(`\n${title}`);
  for (const { step, ms, note } of timings) console.log(`  ${step.padEnd(16)} ${formatMs(ms).padStart(9)}  ${note ?? ''}`);
}
