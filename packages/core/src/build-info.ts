// Which build of Brisk is running, as OpenWhisk's /api/v1 reports it:
// `build` (when it was made) and `buildno` (what it was made from). Both come
// from the last commit of the checkout the process runs in (web and worker
// both start inside it), read once; an installation without git may name
// them in BRISK_BUILD and BRISK_BUILDNO.
import { execFileSync } from 'node:child_process';

export interface BuildInfo {
  build: string;
  buildno: string;
}

let cached: BuildInfo | undefined;

export function buildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  cached ??= { ...lastCommit(), ...(env.BRISK_BUILD ? { build: env.BRISK_BUILD } : {}), ...(env.BRISK_BUILDNO ? { buildno: env.BRISK_BUILDNO } : {}) };
  return cached;
}

function lastCommit(): BuildInfo {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%h %cI'], {
      encoding: 'utf8',
      timeout: 2_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const [buildno, build] = out.split(' ');
    if (buildno && build) return { build, buildno };
  } catch {
    // Not a checkout, or no git: say so rather than fail a platform query.
  }
  return { build: 'unknown', buildno: 'unknown' };
}
