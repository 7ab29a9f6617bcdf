// Runs action containers on a Docker engine with the isolation DESIGN.md
// asks for. Containers have no network: the worker listens on a Unix socket
// in a per-container host directory, mounted read-only into the container,
// and the proxy inside connects to it (docs/ARCHITECTURE.md, "The channel").
//
// Output of the runtime images goes through two named pipes in that same
// directory, read by the worker directly: the engine is not on the path of
// every log line and sentinel (that costs dockerd and the shim CPU on every
// activation, and adds latency). Other images (blackbox) are attached to
// through the engine.
import { execFile } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { ApiChannel, type ApiChannelOptions } from './api-channel.ts';
import { ChannelDirs, type ChannelDir, type Leftovers } from './channel-dirs.ts';
import { LogCollector } from './log-collector.ts';
import { RuntimeClient } from './runtime-client.ts';
import type { ContainerBackend, ContainerExit, ContainerSpec, RuntimeContainer } from './types.ts';

export interface DockerBackendOptions {
  docker: Docker;
  /** Host directory shared by the workers of a host: their containers' directories and uid claims. */
  socketRoot: string;
  /** Label value that marks this worker's containers; unique per running worker. */
  workerId: string;
  /** The workers whose leftovers this one may judge (those sharing its Redis prefix); default 'brisk'. */
  cluster?: string;
  /** Whether a worker of the cluster is alive (its heartbeat is in Redis). Without it, only this worker is. */
  isWorkerAlive?: (workerId: string) => Promise<boolean>;
  /** Containers run as uids from [base, base + count), one each; no host user may have one. */
  uids?: { base: number; count: number };
  /** Allow containers network egress (operator's choice; off by default). */
  allowNetwork?: boolean;
  pidsLimit?: number;
  tmpfsSizeMb?: number;
  /** How long a new container has to connect (generous: a busy machine starts containers slowly). */
  startTimeoutMs?: number;
  /** More `host:container[:mode]` binds (tests use one to observe what actions did). */
  extraBinds?: string[];
  /** Images whose output the worker reads from named pipes (they must have /bin/sh); others are attached to. */
  directLogs?: (image: string) => boolean;
  /** Each container's way to Brisk's API (`api.sock`, runtimes/README.md); without it containers get none. */
  apiChannel?: ApiChannelOptions;
}

const SOCKET_NAME = 'worker.sock';
const API_SOCKET_NAME = 'api.sock';
/** Where the forwarder in a runtime container listens for the action's calls: `__OW_API_HOST`. */
export const API_FORWARD_PORT = 3233;
export const CONTAINER_API_HOST = `http://127.0.0.1:${API_FORWARD_PORT}`;
const WORKER_LABEL = 'brisk.worker';
const CLUSTER_LABEL = 'brisk.cluster';

const STREAMS = ['stdout', 'stderr'] as const;
/** While output is being dropped, a pipe is read at most once per this many ms: the writer waits, not the worker. */
const DROPPING_READ_PAUSE_MS = 5;

/**
 * CPU in proportion to memory, as Lambda does: a full core from 512 MB, a
 * share of one below (a quarter at 128 MB). One busy action takes at most one
 * core; the sum over containers is not capped here.
 */
export function cpuQuotaFor(memoryMb: number): number {
  return Math.min(1, memoryMb / 512);
}

class DockerContainer implements RuntimeContainer {
  readonly logs = new LogCollector();
  readonly pipes: net.Socket[] = [];
  api: ApiChannel | undefined;

  constructor(
    readonly id: string,
    readonly spec: ContainerSpec,
    readonly dir: ChannelDir,
    readonly client: RuntimeClient,
    private readonly handle: Docker.Container,
  ) {}

  async inspect(waitMs = 0): Promise<ContainerExit> {
    if (waitMs > 0) {
      // A dropped connection arrives before Docker has recorded the exit.
      await Promise.race([this.handle.wait().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, waitMs))]);
    }
    try {
      const info = await this.handle.inspect();
      return {
        running: info.State.Running,
        oomKilled: info.State.OOMKilled,
        exitCode: info.State.ExitCode,
        gone: info.State.Dead || info.State.Status === 'removing',
      };
    } catch (error) {
      return { running: false, oomKilled: false, exitCode: -1, gone: isNotFound(error) };
    }
  }

  get docker(): Docker.Container {
    return this.handle;
  }
}

export class DockerBackend implements ContainerBackend {
  private readonly images = new Map<string, Promise<ImageConfig>>();
  private readonly dirs: ChannelDirs;
  private readonly cluster: string;

  constructor(private readonly options: DockerBackendOptions) {
    this.cluster = options.cluster ?? 'brisk';
    this.dirs = new ChannelDirs(options.socketRoot, options.workerId, this.cluster, options.uids);
  }

  async create(spec: ContainerSpec): Promise<RuntimeContainer> {
    const { docker, workerId } = this.options;
    const dir = await this.dirs.create();
    const memoryBytes = spec.memoryMb * 1024 * 1024;
    const direct = this.options.directLogs?.(spec.image) ?? false;
    let client: RuntimeClient | undefined;
    let api: ApiChannel | undefined;
    let handle: Docker.Container | undefined;
    let container: DockerContainer | undefined;
    try {
      // Runs in flight, the proxy's spare connection, and one for a spare being replaced.
      client = await RuntimeClient.listen(path.join(dir.path, SOCKET_NAME), { maxConnections: spec.concurrency + 2 });
      await this.dirs.share(dir, SOCKET_NAME, 0o660);
      const apiEnv: string[] = [];
      if (this.options.apiChannel) {
        api = await ApiChannel.listen(path.join(dir.path, API_SOCKET_NAME), this.options.apiChannel);
        await this.dirs.share(dir, API_SOCKET_NAME, 0o660);
        apiEnv.push(`BRISK_API_SOCKET=/brisk/${API_SOCKET_NAME}`, `BRISK_API_PORT=${API_FORWARD_PORT}`);
      }
      const [image] = await Promise.all([this.imageConfig(spec.image), direct ? makePipes(this.dirs, dir) : undefined]);
      const command = direct ? image.command : undefined;
      const tmpfs = `rw,exec,nosuid,size=${this.options.tmpfsSizeMb ?? 64}m`;
      handle = await docker.createContainer({
        Image: spec.image,
        // The image's own command, its output sent into the pipes.
        ...(command ? { Cmd: ['/bin/sh', '-c', 'exec "$@" >>/brisk/stdout 2>>/brisk/stderr', 'brisk', ...command] } : {}),
        User: `${dir.uid}:${dir.uid}`,
        WorkingDir: '/tmp',
        Env: [`BRISK_SOCKET=/brisk/${SOCKET_NAME}`, ...apiEnv],
        Labels: { [WORKER_LABEL]: workerId, [CLUSTER_LABEL]: this.cluster, 'brisk.kind': spec.kind },
        AttachStdout: !direct,
        AttachStderr: !direct,
        Tty: false,
        HostConfig: {
          // Read-only: the container can connect and write to what the worker made there, and change nothing.
          Binds: [`${dir.path}:/brisk:ro`, ...(this.options.extraBinds ?? [])],
          NetworkMode: this.options.allowNetwork ? 'bridge' : 'none',
          ReadonlyRootfs: true,
          // The image's VOLUMEs would be writable directories on the host's disk: bounded tmpfs instead.
          Tmpfs: Object.fromEntries(['/tmp', ...image.volumes].map((where) => [where, tmpfs])),
          // Nothing the container writes to its own stdout goes to a log file on the host (the worker reads it, or attaches).
          LogConfig: { Type: 'none', Config: {} },
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          Memory: memoryBytes,
          MemorySwap: memoryBytes,
          PidsLimit: this.options.pidsLimit ?? 64,
          NanoCpus: Math.round(cpuQuotaFor(spec.memoryMb) * 1e9),
          CpuShares: 512,
          Init: true,
        },
      });
      container = new DockerContainer(handle.id, spec, dir, client, handle);
      container.api = api;
      if (direct) readPipes(container);
      else await attachLogs(docker, handle, container.logs);
      await handle.start();
      await waitForProxy(container, this.options.startTimeoutMs ?? 30_000);
      return container;
    } catch (error) {
      client?.close();
      api?.close();
      for (const pipe of container?.pipes ?? []) pipe.destroy();
      const removed = handle ? await removeContainer(handle) : true;
      // A container that may still run keeps its uid claimed (the sweep frees it with its worker's directory).
      if (removed) await this.dirs.remove(dir);
      throw error;
    }
  }

  async destroy(container: RuntimeContainer): Promise<void> {
    const docker = container as DockerContainer;
    docker.client.close();
    // The channel dies with the container: calls under way are cut.
    docker.api?.close();
    const removed = await removeContainer(docker.docker);
    for (const pipe of docker.pipes) pipe.destroy();
    if (removed) await this.dirs.remove(docker.dir);
  }

  /** After the last container is destroyed: removes this worker's directory. */
  async close(): Promise<void> {
    await this.dirs.removeOwn();
  }

  /** What the worker needs of an image (its Entrypoint and Cmd, its VOLUMEs), read once per image. */
  private imageConfig(image: string): Promise<ImageConfig> {
    let config = this.images.get(image);
    if (!config) {
      config = this.options.docker
        .getImage(image)
        .inspect()
        .then((info) => ({ command: [...(info.Config.Entrypoint ?? []), ...(info.Config.Cmd ?? [])], volumes: Object.keys(info.Config.Volumes ?? {}) }));
      config.catch(() => this.images.delete(image));
      this.images.set(image, config);
    }
    return config;
  }

  /**
   * Removes the containers and host directories of workers of this cluster
   * that are no longer alive (crashed, or an earlier run of this one). A
   * living worker's containers are never touched, whoever asks.
   */
  async removeLeftovers(): Promise<{ containers: number } & Leftovers> {
    const { docker, workerId } = this.options;
    const alive = new Map<string, Promise<boolean>>();
    const isAlive = (id: string) => {
      if (id === workerId) return Promise.resolve(true);
      let answer = alive.get(id);
      if (!answer) {
        answer = this.options.isWorkerAlive?.(id) ?? Promise.resolve(false);
        alive.set(id, answer);
      }
      return answer;
    };
    const listed = await docker.listContainers({ all: true, filters: { label: [`${CLUSTER_LABEL}=${this.cluster}`] } });
    const dead = [];
    for (const info of listed) if (!(await isAlive(info.Labels[WORKER_LABEL] ?? ''))) dead.push(info);
    await Promise.all(dead.map((info) => removeContainer(docker.getContainer(info.Id))));
    const oldLayoutBusy = async (name: string) => (await docker.listContainers({ all: true, filters: { label: [`${WORKER_LABEL}=${name}`] } })).length > 0;
    const left = await this.dirs.removeLeftovers(isAlive, oldLayoutBusy);
    return { containers: dead.length, ...left };
  }
}

interface ImageConfig {
  command: string[];
  volumes: string[];
}

/** Removes a container and its anonymous volumes; true once it is gone (or was already). */
async function removeContainer(handle: Docker.Container): Promise<boolean> {
  try {
    await handle.remove({ force: true, v: true });
    return true;
  } catch (error) {
    return isNotFound(error);
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

const execFileAsync = promisify(execFile);

/** The two FIFOs, writable by the container's uid only (and read by the worker, root). */
async function makePipes(dirs: ChannelDirs, dir: ChannelDir): Promise<void> {
  await execFileAsync('mkfifo', ['-m', '600', ...STREAMS.map((stream) => path.join(dir.path, stream))]);
  await Promise.all(STREAMS.map((stream) => dirs.share(dir, stream, 0o620)));
}

/**
 * Opens both pipes before the container starts, read-write so that they never
 * see end-of-file (the worker counts as a writer), and feeds them to the logs.
 */
function readPipes(container: DockerContainer): void {
  for (const stream of STREAMS) {
    // O_NOFOLLOW: the directory is the worker's alone, but a FIFO is never opened through a link anyway.
    const fd = openSync(path.join(container.dir.path, stream), constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const pipe = new net.Socket({ fd, readable: true, writable: false });
    pipe.on('data', feedLogs(container.logs, stream, pipe));
    pipe.on('error', () => undefined);
    container.pipes.push(pipe);
  }
}

/** Attaches to the container's output before it starts, so no line is missed. */
async function attachLogs(docker: Docker, handle: Docker.Container, logs: LogCollector): Promise<void> {
  const stream = await handle.attach({ stream: true, stdout: true, stderr: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', feedLogs(logs, 'stdout', stream));
  stderr.on('data', feedLogs(logs, 'stderr', stream));
  docker.modem.demuxStream(stream, stdout, stderr);
}

/**
 * Feeds one stream's chunks to the logs. While output is being dropped, the
 * source is paused a moment after each chunk: the writer waits on a full pipe
 * instead of the worker spinning on it.
 */
function feedLogs(logs: LogCollector, stream: (typeof STREAMS)[number], source: NodeJS.ReadableStream): (chunk: Buffer) => void {
  return (chunk) => {
    if (!logs.write(stream, chunk)) return;
    source.pause();
    setTimeout(() => source.resume(), DROPPING_READ_PAUSE_MS);
  };
}

async function waitForProxy(container: DockerContainer, timeoutMs: number): Promise<void> {
  const started = Date.now();
  // Asking the engine whether the container died costs; the connection is an event: wait on it, look every 250 ms.
  while (Date.now() - started < timeoutMs) {
    if (await container.client.connected(Math.min(250, timeoutMs - (Date.now() - started)))) return;
    const state = await container.inspect();
    if (!state.running) throw new Error(`the runtime container exited (code ${state.exitCode}) before it was ready`);
  }
  throw new Error(`the runtime in the container did not connect within ${timeoutMs} ms`);
}
