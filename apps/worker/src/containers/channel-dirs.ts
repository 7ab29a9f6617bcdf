// The host side of the channel between the worker and its containers: one
// directory per container, and the user id it runs as (docs/ARCHITECTURE.md,
// "The channel").
//
//   <root>/                      0700 root   shared by the workers of a host
//     uids/<uid> -> ../workers/<worker>/<uid>   a claim: the uid is taken
//     workers/<worker>/          0700 root   `.cluster` names its Redis prefix
//       <uid>/                   0710 root:<uid>, mounted read-only at /brisk
//         worker.sock            0660 root:<uid>, the worker listens
//         stdout, stderr         0620 root:<uid>, FIFOs the worker reads
//
// Each container runs as its own uid and gid from a reserved range, claimed
// with a symlink (creating one is atomic, so two workers on a host never hand
// out the same uid). Only root and that one uid can reach what is inside its
// directory; no other host user can even look into the root.
import { randomInt } from 'node:crypto';
import { chmod, chown, lstat, mkdir, readdir, readFile, readlink, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Container uids (and gids) are taken from here unless configured: far above any host's users. */
export const DEFAULT_UID_BASE = 200_000_000;
export const DEFAULT_UID_COUNT = 1_000_000;
/** A claim or directory this young may belong to a container still being set up. */
const SETTLING_MS = 60_000;
/** Claims looked at for one container, at most. */
const MAX_PROBES = 10_000;
const OLD_LAYOUT_ENTRY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ChannelDir {
  uid: number;
  path: string;
}

export interface Leftovers {
  directories: number;
  claims: number;
}

export class ChannelDirs {
  private prepared: Promise<void> | undefined;

  constructor(
    private readonly root: string,
    private readonly workerId: string,
    private readonly cluster: string,
    private readonly uids = { base: DEFAULT_UID_BASE, count: DEFAULT_UID_COUNT },
  ) {
    if (!/^[A-Za-z0-9._-]+$/.test(workerId) || workerId.startsWith('.'))
      throw new Error(`worker id ${JSON.stringify(workerId)}: use letters, digits, '.', '_' and '-'`);
  }

  private get workerDir(): string {
    return path.join(this.root, 'workers', this.workerId);
  }

  /** A new directory and uid for a container. */
  async create(): Promise<ChannelDir> {
    await this.prepare();
    // From a random place, the next free uid: a claim taken is skipped, so a small range fills up entirely.
    const start = randomInt(this.uids.count);
    for (let step = 0; step < Math.min(this.uids.count, MAX_PROBES); step++) {
      const uid = this.uids.base + ((start + step) % this.uids.count);
      const dir = path.join(this.workerDir, String(uid));
      try {
        await symlink(path.relative(path.join(this.root, 'uids'), dir), this.claimPath(uid));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      try {
        // Its directory may have been removed under it (by a worker that took it for dead): made again.
        await mkdir(dir, { mode: 0o700 }).catch(async (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
          this.prepared = undefined;
          await this.prepare();
          await mkdir(dir, { mode: 0o700 });
        });
        await chown(dir, 0, uid);
        await chmod(dir, 0o710);
      } catch (error) {
        await this.remove({ uid, path: dir });
        throw new Error(`cannot set up the container's directory (the worker must run as root): ${(error as Error).message}`);
      }
      return { uid, path: dir };
    }
    throw new Error(`every container uid tried (${Math.min(this.uids.count, MAX_PROBES)} from ${this.uids.base}) is taken: is the uid range too small?`);
  }

  /** Makes a file in a container's directory reachable by root and the container's uid only. */
  async share(dir: ChannelDir, name: string, mode: number): Promise<void> {
    const file = path.join(dir.path, name);
    await chown(file, 0, dir.uid);
    await chmod(file, mode);
  }

  async remove(dir: ChannelDir): Promise<void> {
    await rm(dir.path, { recursive: true, force: true });
    await unlink(this.claimPath(dir.uid)).catch(() => undefined);
  }

  /** The worker stops: its directory goes (its containers' are gone already). */
  async removeOwn(): Promise<void> {
    await rm(this.workerDir, { recursive: true, force: true });
    this.prepared = undefined;
  }

  /**
   * Removes what workers of this cluster that are no longer alive left on the
   * host (their containers must be gone first), the claims of directories
   * that no longer exist, and directories of the layout before this one
   * whose worker has no containers any more.
   */
  async removeLeftovers(
    isAlive: (workerId: string) => Promise<boolean>,
    hasContainers: (workerId: string) => Promise<boolean> = async () => false,
  ): Promise<Leftovers> {
    await this.prepare();
    const now = Date.now();
    const left: Leftovers = { directories: 0, claims: 0 };
    const workersDir = path.join(this.root, 'workers');
    const removed = new Set<string>();
    for (const name of await readdir(workersDir)) {
      if (name === this.workerId) continue;
      const dir = path.join(workersDir, name);
      const cluster = await readFile(path.join(dir, '.cluster'), 'utf8').catch(() => undefined);
      if (cluster === undefined && now - (await lstat(dir)).mtimeMs < SETTLING_MS) continue;
      if (cluster !== undefined && cluster !== this.cluster) continue;
      if (await isAlive(name)) continue;
      await rm(dir, { recursive: true, force: true });
      removed.add(name);
      left.directories++;
    }
    const uidsDir = path.join(this.root, 'uids');
    for (const name of await readdir(uidsDir)) {
      const claim = path.join(uidsDir, name);
      const target = await readlink(claim).catch(() => undefined);
      const owner = target?.split(path.sep)[2];
      if (!(owner !== undefined && removed.has(owner))) {
        const exists =
          target !== undefined &&
          (await stat(path.resolve(uidsDir, target)).then(
            () => true,
            () => false,
          ));
        if (exists) continue;
        const age = await lstat(claim).then(
          (info) => now - info.mtimeMs,
          () => 0,
        );
        if (age < SETTLING_MS) continue;
      }
      await unlink(claim).catch(() => undefined);
      left.claims++;
    }
    // Before: <root>/<worker>/<uuid>/ directories, never removed after a crash.
    for (const name of await readdir(this.root)) {
      if (name === 'workers' || name === 'uids') continue;
      const dir = path.join(this.root, name);
      const info = await lstat(dir);
      if (!info.isDirectory()) continue;
      const entries = await readdir(dir);
      if (!entries.every((entry) => OLD_LAYOUT_ENTRY.test(entry))) continue;
      // A worker of the old layout still running (a rolling upgrade) keeps its containers' sockets.
      if (await hasContainers(name)) continue;
      await rm(dir, { recursive: true, force: true });
      left.directories += entries.length;
    }
    return left;
  }

  private claimPath(uid: number): string {
    return path.join(this.root, 'uids', String(uid));
  }

  private prepare(): Promise<void> {
    this.prepared ??= this.makeLayout();
    this.prepared.catch(() => (this.prepared = undefined));
    return this.prepared;
  }

  private async makeLayout(): Promise<void> {
    if (process.getuid?.() !== 0) throw new Error('the worker must run as root: it gives each container a uid of its own and hands it its channel files');
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    // Everything below is trusted by root: the root must be ours, a real directory, writable by nobody else.
    const info = await lstat(this.root);
    if (!info.isDirectory()) throw new Error(`the socket root ${this.root} is not a directory (a symbolic link?)`);
    if (info.uid !== 0) throw new Error(`the socket root ${this.root} belongs to uid ${info.uid}, not to root`);
    await chmod(this.root, 0o700);
    for (const sub of ['uids', 'workers', path.join('workers', this.workerId)]) {
      const dir = path.join(this.root, sub);
      await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      const made = await lstat(dir);
      if (!made.isDirectory() || made.uid !== 0) throw new Error(`${dir} is not a directory of the worker's`);
    }
    await writeFile(path.join(this.workerDir, '.cluster'), this.cluster);
  }
}
