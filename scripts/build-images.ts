// Builds the deployment images (deploy/images; docs/ARCHITECTURE.md,
// "Deployment files"), with no registry: the runtimes' Debian base first
// (as `npm start` makes it), the web build when stale, then each image that
// is missing or out of date.
//   npm run images [-- web worker postgres redis ...]
import { APP_IMAGES, appBaseImage, ensureAppImages } from './lib/app-images.ts';
import { formatMs, since } from './lib/progress.ts';
import { ensureBaseImages, type ImageStep } from './lib/runtime-images.ts';
import { loadRuntimeManifest } from './lib/runtime-manifest.ts';
import { REPO_ROOT } from './lib/config.ts';
import { dockerClient, ensureDocker } from './lib/services.ts';
import { ensureWebBuild } from './lib/web-build.ts';

const names = Object.keys(APP_IMAGES);
const args = process.argv.slice(2);
const unknown = args.filter((a) => !names.includes(a));
if (args.includes('--help') || args.includes('-h') || unknown.length) {
  if (unknown.length && !unknown.every((a) => a === '--help' || a === '-h')) console.error(`unknown image: ${unknown.join(' ')}`);
  console.error(`usage: npm run images [-- ${names.join(' ')}]   (default: all of them)`);
  process.exit(unknown.every((a) => a === '--help' || a === '-h') ? 0 : 2);
}

const log = (line: string) => console.log(`[images] ${line}`);
const t0 = performance.now();
try {
  await ensureDocker(process.env.DOCKER_HOST, log);
  const docker = dockerClient(process.env.DOCKER_HOST);
  const manifest = loadRuntimeManifest(REPO_ROOT);
  const steps: ImageStep[] = await ensureBaseImages(docker, manifest, log);
  const needsApp = !args.length || args.some((a) => ['app', 'web', 'worker'].includes(a));
  if (needsApp) await ensureWebBuild(log);
  steps.push(...(await ensureAppImages(docker, appBaseImage(manifest), log, { only: args })));
  console.log('\nimages:');
  for (const step of steps)
    console.log(`  ${step.image.padEnd(28)} ${step.action.padEnd(11)} ${formatMs(step.ms).padStart(9)}${step.reason ? `  (${step.reason})` : ''}`);
  console.log(`  total ${formatMs(since(t0))}`);
} catch (error) {
  console.error(`[images] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
