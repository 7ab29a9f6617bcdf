// Builds the images a Docker or Kubernetes installation runs (deploy/images),
// with no registry: everything starts FROM the runtimes' Debian base.
//
//   brisk-deps    base + git + the Node.js binary + node_modules   (package-lock.json)
//   brisk-app     deps + sources, Prisma client, web build          (the checkout)
//   brisk-web     app + the web command        brisk-worker   app + the worker command
//   brisk-postgres, brisk-redis   base + Debian's server packages   (for compose)
//
// Each image carries a label hashing what it was made from (its Dockerfile,
// its parent's image id, its files), so an unchanged image is not rebuilt.
import type { RuntimeManifest } from './runtime-manifest.ts';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { buildInfo } from '@brisk/core/build-info';
import { REPO_ROOT } from './config.ts';
import { formatMs, since, throttle, type Log } from './progress.ts';
import { buildImage, hashFiles, inspectImage, type ImageStep } from './runtime-images.ts';

const IMAGES_DIR = path.join(REPO_ROOT, 'deploy/images');
const HASH_LABEL = 'brisk.image-hash';

/** The image names, as docker-compose.yml and deploy/k8s use them. */
export const APP_IMAGES = {
  deps: 'brisk-deps:latest',
  app: 'brisk-app:latest',
  web: 'brisk-web:latest',
  worker: 'brisk-worker:latest',
  postgres: 'brisk-postgres:15',
  redis: 'brisk-redis:7',
} as const;

/** Dev-only packages left out of the images: linters, browsers, test runners, type checkers, the editor's bundle (in .next already). */
const DEV_ONLY_MODULES = ['@biomejs', '@playwright', 'playwright', 'playwright-core', 'vitest', '@vitest', 'typescript', '@types', 'monaco-editor'];

/** What goes into the app image: the checkout's files under these paths, plus the generated ones git ignores. */
const APP_PATHS = ['package.json', 'tsconfig.json', 'apps', 'packages', 'prisma', 'runtimes/manifest.json', 'scripts'];
const GENERATED_DIRS = ['packages/db/src/generated', 'apps/web/.next'];

interface ImageSpec {
  image: string;
  dockerfile: string;
  /** Parent image (`FROM`), passed as the build argument of this name. */
  from?: { arg: string; image: string };
  /** Files from deploy/images (or absolute paths) put at the context's root, by name there. */
  extras?: Record<string, string>;
  /** Repository paths sent as tree/… (directories whole, minus `exclude`). */
  tree?: string[];
  exclude?: string[];
  /** What the image's content depends on besides its Dockerfile, parent and extras. */
  inputs?: () => Promise<string> | string;
  buildargs?: Record<string, string>;
  /** Build steps that run apt-get need the engine's host network (the engine here has no bridge). */
  network?: boolean;
}

/**
 * Builds the images that are missing or out of date, parents first; returns
 * one step per image. `only` limits them to some of APP_IMAGES' keys (and what they start from).
 */
/**
 * The Debian base the app images start from: the first of the manifest's
 * bases (bookworm, the one every tool here was tried on); the Node.js binary
 * comes from the build machine either way (brisk-deps).
 */
export function appBaseImage(manifest: RuntimeManifest): string {
  const [first] = manifest.bases;
  if (!first) throw new Error('images: runtimes/manifest.json lists no base');
  return first.image;
}

export async function ensureAppImages(docker: Docker, baseImage: string, log: Log, options: { only?: string[] } = {}): Promise<ImageStep[]> {
  const base = await inspectImage(docker, baseImage);
  if (!base) throw new Error(`images: the base image ${baseImage} is missing (tsx scripts/build-runtimes.ts makes it)`);
  const wanted = new Set(options.only?.length ? options.only : Object.keys(APP_IMAGES));
  const needs = (key: keyof typeof APP_IMAGES) =>
    wanted.has(key) ||
    (key === 'app' && (wanted.has('web') || wanted.has('worker'))) ||
    (key === 'deps' && (wanted.has('app') || wanted.has('web') || wanted.has('worker')));
  const steps: ImageStep[] = [];
  const build = info();
  const specs: [keyof typeof APP_IMAGES, ImageSpec][] = [
    [
      'deps',
      {
        image: APP_IMAGES.deps,
        dockerfile: 'deps.Dockerfile',
        from: { arg: 'BASE', image: baseImage },
        extras: { node: process.execPath },
        tree: ['node_modules', ...workspaceModuleDirs()],
        exclude: DEV_ONLY_MODULES.map((name) => `node_modules/${name}`),
        inputs: () => `${process.version}\0${readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')}\0${DEV_ONLY_MODULES.join(',')}`,
        network: true,
      },
    ],
    [
      'app',
      {
        image: APP_IMAGES.app,
        dockerfile: 'app.Dockerfile',
        from: { arg: 'DEPS', image: APP_IMAGES.deps },
        tree: appFiles(),
        inputs: async () => `${build.buildno}\0${build.build}\0${await hashFiles(REPO_ROOT, appFiles())}`,
        buildargs: { BRISK_BUILD: build.build, BRISK_BUILDNO: build.buildno },
      },
    ],
    ['web', { image: APP_IMAGES.web, dockerfile: 'web.Dockerfile', from: { arg: 'APP', image: APP_IMAGES.app } }],
    ['worker', { image: APP_IMAGES.worker, dockerfile: 'worker.Dockerfile', from: { arg: 'APP', image: APP_IMAGES.app } }],
    [
      'postgres',
      {
        image: APP_IMAGES.postgres,
        dockerfile: 'postgres.Dockerfile',
        from: { arg: 'BASE', image: baseImage },
        extras: { 'postgres-entrypoint.sh': 'postgres-entrypoint.sh' },
        network: true,
      },
    ],
    ['redis', { image: APP_IMAGES.redis, dockerfile: 'redis.Dockerfile', from: { arg: 'BASE', image: baseImage }, network: true }],
  ];
  for (const [key, spec] of specs) if (needs(key)) steps.push(await ensureImage(docker, spec, log));
  return steps;
}

function info(): { build: string; buildno: string } {
  const { build, buildno } = buildInfo({});
  // A checkout with uncommitted changes is not that commit.
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim();
  return { build, buildno: dirty ? `${buildno}+changes` : buildno };
}

function workspaceModuleDirs(): string[] {
  return ['apps/web', 'apps/worker', 'packages/core', 'packages/db', 'packages/testing']
    .map((dir) => `${dir}/node_modules`)
    .filter((dir) => existsSync(path.join(REPO_ROOT, dir)));
}

/** The checkout's files (tracked or new, not ignored) under APP_PATHS, and the generated Prisma client and web build. */
function appFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z', '--', ...APP_PATHS], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`images: git ls-files failed: ${listed.stderr}`);
  const files = listed.stdout.split('\0').filter((file) => file && existsSync(path.join(REPO_ROOT, file)));
  return [...files, ...GENERATED_DIRS.flatMap((dir) => generatedFiles(dir))].sort();
}

function generatedFiles(dir: string): string[] {
  if (!existsSync(path.join(REPO_ROOT, dir)))
    throw new Error(`images: ${dir} is missing (npm install generates the Prisma client; the web build is made first)`);
  const out = spawnSync('find', [dir, '-path', 'apps/web/.next/cache', '-prune', '-o', '(', '-type', 'f', '-o', '-type', 'l', ')', '-print0'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return out.stdout.split('\0').filter(Boolean);
}

async function ensureImage(docker: Docker, spec: ImageSpec, log: Log): Promise<ImageStep> {
  const t0 = performance.now();
  const parent = spec.from ? await inspectImage(docker, spec.from.image) : undefined;
  if (spec.from && !parent) throw new Error(`images: ${spec.image} starts from ${spec.from.image}, which is missing`);
  const hash = createHash('sha256')
    .update(readFileSync(path.join(IMAGES_DIR, spec.dockerfile)))
    .update(`\0${parent?.Id ?? ''}\0`);
  for (const [name, file] of Object.entries(spec.extras ?? {}))
    hash
      .update(`${name}\0`)
      .update(readFileSync(path.resolve(IMAGES_DIR, file)))
      .update('\0');
  hash.update(await (spec.inputs?.() ?? ''));
  const digest = hash.digest('hex').slice(0, 16);
  const previous = await inspectImage(docker, spec.image);
  const had = previous?.Config?.Labels?.[HASH_LABEL];
  if (had === digest) {
    log(`${spec.image} up to date`);
    return { image: spec.image, action: 'up-to-date', ms: since(t0) };
  }
  const reason = !previous ? 'missing' : had === undefined ? 'not built by this script' : 'inputs changed';
  log(`building ${spec.image} (${reason})`);
  await buildFromContext(docker, spec, digest, log);
  const built = await inspectImage(docker, spec.image);
  if (!built) throw new Error(`images: the build finished but ${spec.image} does not exist`);
  // The replaced image would linger untagged; drop it unless a container or a child image still uses it.
  if (previous && previous.Id !== built.Id)
    await docker
      .getImage(previous.Id)
      .remove()
      .catch(() => {});
  log(`built ${spec.image} in ${formatMs(since(t0))}`);
  return { image: spec.image, action: 'built', reason, ms: since(t0) };
}

/**
 * Streams the context to the engine as one tar: the Dockerfile and extras
 * from a staging folder (names starting `./`) and the repository's paths
 * renamed under tree/ (GNU tar's --transform, which leaves symlink targets,
 * such as node_modules/@brisk/core -> ../../packages/core, alone).
 */
async function buildFromContext(docker: Docker, spec: ImageSpec, digest: string, log: Log): Promise<void> {
  const stage = mkdtempSync(path.join(os.tmpdir(), 'brisk-image-context-'));
  try {
    copyFileSync(path.join(IMAGES_DIR, spec.dockerfile), path.join(stage, 'Dockerfile'));
    for (const [name, file] of Object.entries(spec.extras ?? {})) copyFileSync(path.resolve(IMAGES_DIR, file), path.join(stage, name));
    const args = ['--numeric-owner', '--owner=0', '--group=0', '-c', '-C', stage, '.'];
    if (spec.tree?.length) {
      args.push('--transform', 's,^\\([^.]\\),tree/\\1,rh', ...(spec.exclude ?? []).map((pattern) => `--exclude=${pattern}`));
      args.push('-C', REPO_ROOT, '--null', '-T', '-');
    }
    const tar = spawn('tar', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let tarErr = '';
    tar.stderr.on('data', (chunk: Buffer) => {
      tarErr += chunk.toString();
    });
    // Without a tree tar reads no list and may close its stdin first.
    tar.stdin.on('error', () => {});
    tar.stdin.end(spec.tree?.length ? `${spec.tree.join('\0')}\0` : undefined);
    const tarDone = new Promise<number | null>((resolve) => tar.on('close', resolve).on('error', () => resolve(-1)));
    const progress = throttle(log, 4000);
    let bytes = 0;
    tar.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      progress.update(`${spec.image}: sending the context (${Math.ceil(bytes / 1e6)} MB)…`);
    });
    let buildError: unknown;
    await buildImage(
      docker,
      tar.stdout,
      {
        t: spec.image,
        buildargs: { ...(spec.from ? { [spec.from.arg]: spec.from.image } : {}), ...spec.buildargs },
        labels: { [HASH_LABEL]: digest },
        rm: true,
        forcerm: true,
        ...(spec.network ? { networkmode: 'host' } : {}),
      },
      (line) => progress.update(`${spec.image}: ${line}`, true),
    ).catch((error: unknown) => {
      buildError = error;
    });
    progress.flush();
    // A broken context explains a failed build better than the engine's message does.
    const tarCode = await tarDone;
    if (tarCode !== 0) throw new Error(`images: tar of the ${spec.image} context failed (exit ${tarCode}): ${tarErr.trim()}`);
    if (buildError) throw buildError;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
