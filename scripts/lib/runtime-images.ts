// Builds the Docker images that action containers run in. There is no image
// registry on the build machine (DESIGN.md, "This build machine"), so:
//   1. a base root filesystem comes from Debian packages via debootstrap and is
//      imported as `manifest.base.image`;
//   2. each runtimes/<dir>/Dockerfile is built with `--build-arg BASE=<base>`.
// Images carry labels describing what they were built from, so a changed
// proxy, kind list or base image triggers a rebuild without --force.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { buildImage, type ImageStep, inspectImage, LABEL, readJsonStream, splitImageName } from './image-engine.js';
import { ensureNodeOverlay } from './node-overlay.js';
import { formatMs, runTool, since, throttle, type Log } from './progress.js';
import type { BaseImageSpec, RuntimeManifest, RuntimeSpec } from './runtime-manifest.js';
import { findExecutable } from './services.js';
import { vendorModules } from './vendor-modules.js';

export { buildImage, type ImageStep, inspectImage } from './image-engine.js';

export interface RuntimeBuildOptions {
  /** Rebuild every runtime image, without the build cache. */
  force?: boolean;
  /** Where the runtime folders are; default: this repository's runtimes/. */
  runtimesDir?: string;
}

const DEFAULT_RUNTIMES_DIR = path.resolve(import.meta.dirname, '../../runtimes');
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

// ---------------------------------------------------------------- base image

/**
 * Makes sure each base image exists: debootstrap a minimal Debian with the
 * manifest's packages and `docker import` it. An image imported by an older
 * manifest (different suite or packages) is rebuilt; `force` rebuilds anyway.
 */
export async function ensureBaseImages(docker: Docker, manifest: RuntimeManifest, log: Log, options: { force?: boolean } = {}): Promise<ImageStep[]> {
  const steps: ImageStep[] = [];
  for (const base of manifest.bases) steps.push(await ensureBaseImage(docker, base, log, options));
  return steps;
}

async function ensureBaseImage(docker: Docker, base: BaseImageSpec, log: Log, options: { force?: boolean }): Promise<ImageStep> {
  const t0 = performance.now();
  const { image, suite } = base;
  const spec = `${suite}/${[...base.include].sort().join(',')}`;
  const existing = await inspectImage(docker, image);
  let reason = 'missing';
  if (existing) {
    const label = existing.Config?.Labels?.[LABEL.baseSpec];
    if (options.force) reason = 'forced';
    else if (label === undefined) {
      // Imported by hand (not by this script): keep it rather than spend minutes guessing.
      log(`base image: ${image} present (not built by this script, packages unknown; --rebuild-base replaces it)`);
      return { image, action: 'up-to-date', reason: 'unlabelled', ms: since(t0) };
    } else if (label === spec) {
      log(`base image: ${image} up to date`);
      return { image, action: 'up-to-date', ms: since(t0) };
    } else reason = `spec changed (${label} -> ${spec})`;
  }

  const debootstrap = findExecutable('debootstrap');
  if (!debootstrap) throw new Error('base image: debootstrap is not installed: apt-get install -y debootstrap');
  if (process.getuid?.() !== 0) throw new Error('base image: debootstrap needs root');
  const mirror = base.mirror ?? debianMirror(suite);
  const rootfs = await mkdtemp(path.join(os.tmpdir(), 'brisk-rootfs-'));
  log(`base image: ${image} ${reason}; debootstrap ${suite} with ${base.include.join(', ')} from ${mirror}`);
  try {
    await runDebootstrap(debootstrap, ['--variant=minbase', `--include=${base.include.join(',')}`, suite, rootfs, mirror], log);
    const debootstrapMs = since(t0);
    await cleanAptCaches(rootfs);
    await importRootfs(docker, rootfs, image, ['ENV LANG=C.UTF-8', `LABEL ${LABEL.baseSpec}="${spec}"`], log);
    log(`base image: ${image} imported (debootstrap ${formatMs(debootstrapMs)}, import ${formatMs(since(t0) - debootstrapMs)})`);
  } finally {
    await removeRootfs(rootfs, log);
  }
  return { image, action: 'imported', reason, ms: since(t0) };
}

/** The Debian mirror apt uses on this machine (deb822 or one-line sources), else deb.debian.org. */
export function debianMirror(suite: string): string {
  const files = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'];
  try {
    for (const f of readdirSync('/etc/apt/sources.list.d').sort()) files.push(path.join('/etc/apt/sources.list.d', f));
  } catch {
    /* no sources.list.d */
  }
  const candidates: { uri: string; suites: string[] }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
        const uri = field('URIs')[0];
        if (uri && field('Types').includes('deb')) candidates.push({ uri, suites: field('Suites') });
      }
    } else {
      for (const line of text.split('\n')) {
        const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
        if (m?.[1] && m[2]) candidates.push({ uri: m[1], suites: [m[2]] });
      }
    }
  }
  const usable = candidates.filter((c) => /^(https?|file):/.test(c.uri));
  return (usable.find((c) => c.suites.includes(suite)) ?? usable.find((c) => !/security/.test(c.uri)))?.uri ?? DEFAULT_MIRROR;
}

/** Runs debootstrap, turning its hundreds of `I:` lines into a progress line every few seconds. */
function runDebootstrap(bin: string, args: string[], log: Log): Promise<void> {
  const t0 = performance.now();
  const progress = throttle(log, 4000);
  let phase = '';
  let count = 0;
  const status = (what: string) => `base image: ${what} (${formatMs(since(t0))})…`;
  const onLine = (line: string) => {
    if (/^[EW]: /.test(line)) return progress.update(`base image: debootstrap ${line}`, true);
    if (/^I: Retrieving (InRelease|Release|Packages)\b/.test(line)) return progress.update(status('fetching the package index'));
    if (/^I: Resolving dependencies/.test(line)) return progress.update(status('resolving dependencies'));
    // "I: Retrieving libc6 2.36-9" / "I: Unpacking libc6:amd64..." — one package each.
    const m = /^I: (Retrieving|Extracting|Unpacking|Configuring) (\S+)/.exec(line);
    if (!m?.[1] || !m[2] || /^(required|the|base)$/.test(m[2])) return;
    const next = { Retrieving: 'downloading', Extracting: 'extracting', Unpacking: 'unpacking', Configuring: 'configuring' }[m[1]] ?? phase;
    const changed = next !== phase;
    if (changed) {
      phase = next;
      count = 0;
    }
    count++;
    progress.update(status(`${phase} ${count} package${count === 1 ? '' : 's'}`), changed);
  };
  return runTool(bin, args, { onLine, done: () => progress.flush(), failure: 'base image: debootstrap failed' });
}

/** apt's package cache and lists are dead weight in an image nobody runs apt in (~110 MB). */
async function cleanAptCaches(rootfs: string): Promise<void> {
  const clear = async (dir: string, keep: (name: string) => boolean) => {
    const names = await readdir(path.join(rootfs, dir)).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => !keep(n)).map((n) => rm(path.join(rootfs, dir, n), { recursive: true, force: true })));
  };
  await clear('var/cache/apt/archives', (n) => n === 'partial' || n === 'lock');
  await clear('var/cache/apt', (n) => n === 'archives');
  await clear('var/lib/apt/lists', (n) => n === 'partial' || n === 'lock');
}

/** `tar -C rootfs -c . | docker import` through the engine API, so DOCKER_HOST is honoured. */
async function importRootfs(docker: Docker, rootfs: string, image: string, changes: string[], log: Log): Promise<void> {
  const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let tarErr = '';
  tar.stderr.on('data', (c: Buffer) => {
    tarErr += c.toString();
  });
  const tarDone = new Promise<number | null>((resolve) => {
    tar.on('close', resolve);
    tar.on('error', () => resolve(-1));
  });
  const progress = throttle(log, 4000);
  let bytes = 0;
  const counted = tar.stdout.pipe(new PassThrough());
  counted.on('data', (c: Buffer) => {
    bytes += c.length;
    progress.update(`base image: importing (${Math.ceil(bytes / 1e6)} MB)…`);
  });
  const { repo, tag } = splitImageName(image);
  const response = await docker.importImage(counted, { repo, tag, changes });
  const importError = await readJsonStream(response, () => {});
  const tarCode = await tarDone;
  progress.flush();
  if (tarCode !== 0) {
    // The engine may have made an image from a truncated archive; do not leave it tagged.
    await docker
      .getImage(image)
      .remove()
      .catch(() => {});
    throw new Error(`base image: tar of the root filesystem failed (exit ${tarCode}): ${tarErr.trim()}`);
  }
  if (importError) throw new Error(`base image: docker import failed: ${importError}`);
  if (!(await inspectImage(docker, image))) throw new Error(`base image: docker import reported success but ${image} does not exist`);
}

/** Deletes the temporary rootfs — but never through a mount point debootstrap may have left behind (proc, sys). */
async function removeRootfs(rootfs: string, log: Log): Promise<void> {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((p): p is string => !!p && (p === rootfs || p.startsWith(`${rootfs}/`)))
    .sort((a, b) => b.length - a.length);
  for (const mount of mounts) {
    const code = await new Promise<number | null>((resolve) =>
      spawn('umount', ['-l', mount])
        .on('close', resolve)
        .on('error', () => resolve(-1)),
    );
    if (code !== 0) {
      log(`base image: warning: could not unmount ${mount}; left ${rootfs} in place`);
      return;
    }
  }
  await rm(rootfs, { recursive: true, force: true });
}

// ---------------------------------------------------------------- runtime images

/**
 * Builds each runtime image that is missing or out of date (sources, kinds or
 * base image changed); with `force`, all of them without the build cache.
 */
export async function ensureRuntimeImages(docker: Docker, manifest: RuntimeManifest, options: RuntimeBuildOptions, log: Log): Promise<ImageStep[]> {
  const runtimesDir = options.runtimesDir ?? DEFAULT_RUNTIMES_DIR;
  const steps: ImageStep[] = [];
  for (const rt of manifest.runtimes) {
    const base = await inspectImage(docker, rt.base);
    if (!base) throw new Error(`runtime images: base image ${rt.base} is missing; run ensureBaseImages first (tsx scripts/build-runtimes.ts does)`);
    const source = path.join(runtimesDir, rt.dir);
    if (!existsSync(path.join(source, 'Dockerfile'))) throw new Error(`runtime ${rt.dir}: ${path.join(source, 'Dockerfile')} does not exist`);
    // A Node.js from npm is a layer over the Debian base, so the runtime's own Dockerfile stays the same.
    const from = rt.nodeBinary ? await ensureNodeOverlay(docker, rt.base, base.Id, rt.nodeBinary, steps, log) : { image: rt.base, id: base.Id };
    const t0 = performance.now(); // the overlay is a step of its own
    // With preinstalled modules or a borrowed proxy the context is a copy: the runtime's folder plus
    // node_modules/ or the proxy's files (hashed with it).
    const staged =
      rt.modules?.length || rt.proxyFrom ? await stageContext(source, rt.modules ?? [], rt.proxyFrom && path.join(runtimesDir, rt.proxyFrom)) : undefined;
    try {
      steps.push(await ensureRuntimeImage(docker, from, rt, staged ?? source, options, t0, log));
    } finally {
      if (staged) await rm(staged, { recursive: true, force: true });
    }
  }
  return steps;
}

async function stageContext(source: string, modules: string[], proxy?: string): Promise<string> {
  const staged = await mkdtemp(path.join(os.tmpdir(), 'brisk-runtime-context-'));
  try {
    if (proxy) await cp(proxy, staged, { recursive: true, filter: (file) => !/(^|\/)(Dockerfile|__pycache__)$/.test(path.relative(proxy, file)) });
    await cp(source, staged, { recursive: true, filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'node_modules' });
    if (modules.length) await vendorModules(REPO_ROOT, modules, staged);
    return staged;
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
}

async function ensureRuntimeImage(
  docker: Docker,
  from: { image: string; id: string },
  rt: RuntimeSpec,
  dir: string,
  options: RuntimeBuildOptions,
  t0: number,
  log: Log,
): Promise<ImageStep> {
  const files = await listFiles(dir);
  const labels = {
    [LABEL.kinds]: rt.kinds.join(','),
    [LABEL.sourceHash]: await hashFiles(dir, files),
    [LABEL.baseId]: from.id,
  };
  const previous = await inspectImage(docker, rt.image);
  const have = previous?.Config?.Labels ?? {};
  const stale = !previous
    ? 'missing'
    : options.force
      ? 'forced'
      : have[LABEL.sourceHash] === undefined
        ? 'not built by this script'
        : have[LABEL.sourceHash] !== labels[LABEL.sourceHash]
          ? 'sources changed'
          : have[LABEL.baseId] !== labels[LABEL.baseId]
            ? 'base image changed'
            : have[LABEL.kinds] !== labels[LABEL.kinds]
              ? 'kinds changed'
              : undefined;
  if (!stale) {
    log(`${rt.dir}: ${rt.image} up to date`);
    return { image: rt.image, action: 'up-to-date', ms: since(t0) };
  }
  log(`${rt.dir}: building ${rt.image} (${stale}) FROM ${from.image}`);
  await buildImage(
    docker,
    { context: dir, src: files },
    {
      t: rt.image,
      buildargs: { BASE: from.image },
      labels,
      rm: true,
      forcerm: true,
      nocache: !!options.force,
    },
    (line) => log(`${rt.dir}: ${line}`),
  );
  const built = await inspectImage(docker, rt.image);
  if (!built) throw new Error(`runtime ${rt.dir}: the build finished but ${rt.image} does not exist`);
  // The replaced image would linger untagged; drop it unless a container still uses it.
  if (previous && previous.Id !== built.Id)
    await docker
      .getImage(previous.Id)
      .remove()
      .catch(() => {});
  log(`${rt.dir}: built ${rt.image} in ${formatMs(since(t0))}`);
  return { image: rt.image, action: 'built', reason: stale, ms: since(t0) };
}

/** Every regular file under `dir`, relative, sorted; Python bytecode caches are not sources. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === '__pycache__' || entry.name.endsWith('.pyc')) continue;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(rel);
  }
  return out.sort();
}

/** Content hash of the build context: names, executable bits and bytes (a symbolic link to a directory: its target). */
export async function hashFiles(dir: string, files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of files) {
    const file = path.join(dir, rel);
    const info = await stat(file);
    if (info.isDirectory()) {
      hash.update(`${rel}\0l\0${await readlink(file)}\0`);
      continue;
    }
    const exec = (info.mode & 0o111) !== 0;
    hash
      .update(`${rel}\0${exec ? 'x' : '-'}\0`)
      .update(await readFile(file))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
