// Builds the action runtime images locally (no registry needed):
//   tsx scripts/build-runtimes.ts [--force] [--rebuild-base]
// Starts the Docker engine if it is not running, makes the Debian base images
// that are missing, then builds each runtimes/<dir> image that is out of date.
import path from 'node:path';
import { formatMs, since } from './lib/progress.js';
import { ensureBaseImages, ensureRuntimeImages, type ImageStep } from './lib/runtime-images.js';
import { loadRuntimeManifest } from './lib/runtime-manifest.js';
import { dockerClient, ensureDocker } from './lib/services.js';

const USAGE = `usage: tsx scripts/build-runtimes.ts [--force] [--rebuild-base]
  --force          rebuild every runtime image, without the build cache
  --rebuild-base   debootstrap and import the base images again`;

const args = process.argv.slice(2);
const unknown = args.filter((a) => !['--force', '--rebuild-base', '--help', '-h'].includes(a));
if (args.includes('--help') || args.includes('-h') || unknown.length) {
  if (unknown.length) console.error(`unknown argument: ${unknown.join(' ')}`);
  console.error(USAGE);
  process.exit(unknown.length ? 2 : 0);
}

const log = (line: string) => console.log(`[runtimes] ${line}`);
const t0 = performance.now();
try {
  const root = path.resolve(import.meta.dirname, '..');
  const manifest = loadRuntimeManifest(root);
  const engine = await ensureDocker(process.env.DOCKER_HOST, log);
  const docker = dockerClient(process.env.DOCKER_HOST);
  const steps: ImageStep[] = await ensureBaseImages(docker, manifest, log, { force: args.includes('--rebuild-base') });
  steps.push(...(await ensureRuntimeImages(docker, manifest, { force: args.includes('--force') }, log)));

  console.log('\nruntime images:');
  if (engine.started) console.log(`  ${'docker engine'.padEnd(32)} started        ${formatMs(engine.ms)}`);
  for (const step of steps) {
    console.log(`  ${step.image.padEnd(32)} ${step.action.padEnd(14)} ${formatMs(step.ms).padStart(9)}${step.reason ? `  (${step.reason})` : ''}`);
  }
  console.log(`  total ${formatMs(since(t0))}`);
} catch (err) {
  console.error(`[runtimes] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
