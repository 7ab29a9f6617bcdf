// Builds the Next.js app when its production build is missing or older than
// the code it bundles.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config.ts';
import type { Log } from './progress.ts';

const WEB_DIR = path.join(REPO_ROOT, 'apps/web');
const SOURCES = ['apps/web/app', 'apps/web/src', 'apps/web/next.config.ts', 'packages/core/src', 'packages/db/src', 'runtimes/manifest.json'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === 'node_modules' || child.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

export function webBuildIsFresh(): boolean {
  const buildId = path.join(WEB_DIR, '.next/BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.every((source) => newestMtime(path.join(REPO_ROOT, source)) <= built);
}

export async function ensureWebBuild(log: Log, options: { force?: boolean } = {}): Promise<'built' | 'up-to-date'> {
  if (!options.force && webBuildIsFresh()) {
    log('web: production build is up to date');
    return 'up-to-date';
  }
  log('web: building the Next.js app (next build)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: WEB_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const relay = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (/Compil|Generating|Finaliz|error/i.test(line)) log(`web: ${line.trim()}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${output.slice(-4000)}`))));
  });
  return 'built';
}
