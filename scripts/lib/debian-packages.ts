// The Debian packages Brisk needs on its machine, installed when missing: on
// a fresh Debian machine, run as root, the README's first command installs
// them itself (with apt's progress as a few lines), rather than stopping
// with advice. Not root, or not Debian: it stops and prints the one command
// to run.
import { formatMs, type Log, runTool, since, throttle } from './progress.ts';
import { findExecutable } from './services.ts';

/** A command Brisk runs, and the package that brings it. */
export interface Requirement {
  command: string;
  pkg: string;
}

/** What `npm start` needs: the services, the runtime images' builder, and git for push-to-deploy. */
export const START_REQUIREMENTS: Requirement[] = [
  { command: 'pg_ctlcluster', pkg: 'postgresql' },
  { command: 'redis-server', pkg: 'redis-server' },
  { command: 'dockerd', pkg: 'docker.io' },
  { command: 'debootstrap', pkg: 'debootstrap' },
  { command: 'git', pkg: 'git' },
];

/** And the browser tests' browser. */
export const TEST_REQUIREMENTS: Requirement[] = [...START_REQUIREMENTS, { command: 'chromium', pkg: 'chromium' }];

export function missingPackages(requirements: Requirement[], find: (command: string) => string | undefined = findExecutable): string[] {
  return [...new Set(requirements.filter((requirement) => !find(requirement.command)).map((requirement) => requirement.pkg))];
}

/** The command an operator runs by hand. */
export function installCommand(packages: string[]): string {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** The machine as this sees it (tests hand in another). */
export interface PackageHost {
  find: (command: string) => string | undefined;
  isRoot: boolean;
}

const THIS_MACHINE: PackageHost = { find: findExecutable, isRoot: process.getuid?.() === 0 };

/** Installs what is missing; returns what it installed. */
export async function ensureDebianPackages(requirements: Requirement[], log: Log, host: PackageHost = THIS_MACHINE): Promise<string[]> {
  const missing = missingPackages(requirements, host.find);
  if (missing.length === 0) return [];
  const apt = host.find('apt-get');
  if (!apt || !host.isRoot) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}. Install them with:\n  ${installCommand(missing)}`);
  }
  log(`packages: installing ${missing.join(', ')} from Debian (apt-get)`);
  const t0 = performance.now();
  await runApt(apt, ['update'], 'reading the package lists', log);
  await runApt(apt, ['install', '-y', '--no-install-recommends', ...missing], `installing ${missing.join(', ')}`, log);
  log(`packages: installed ${missing.join(', ')} in ${formatMs(since(t0))}`);
  return missing;
}

/** Runs apt-get, turning its output into a progress line every few seconds. */
function runApt(apt: string, args: string[], what: string, log: Log): Promise<void> {
  const t0 = performance.now();
  const progress = throttle(log, 4000);
  let unpacked = 0;
  let set = 0;
  const onLine = (line: string) => {
    if (/^(E|W): /.test(line)) return progress.update(`packages: ${line}`, true);
    if (/^Unpacking /.test(line)) unpacked++;
    else if (/^Setting up /.test(line)) set++;
    else if (!/^(Get|Hit):/.test(line)) return;
    const detail = set > 0 ? `${set} set up` : unpacked > 0 ? `${unpacked} unpacked` : 'downloading';
    progress.update(`packages: ${what}: ${detail} (${formatMs(since(t0))})…`);
  };
  return runTool(apt, ['-o', 'Dpkg::Use-Pty=0', ...args], {
    onLine,
    done: () => progress.flush(),
    failure: `packages: apt-get ${args[0]} failed`,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
