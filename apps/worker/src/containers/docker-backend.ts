// Runs action containers on a Docker engine with the isolation DESIGN.md
// asks for. The proxy inside listens on a Unix socket in a host directory
// bind-mounted into the container, so containers need no network at all.
//
// Output of the runtime images goes through two named pipes in that same
// directory, read by the worker directly: the engine is not on the path of
// every log line and sentinel (that costs dockerd and the shim CPU on every
// activation, and adds latency). Other images (blackbox) are attached to
// through the engine.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { constants, openSync } from 'node:fs';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { LogCollector } from './log-collector.ts';
import { RuntimeClient } from './runtime-client.ts';
import type { ContainerBackend, ContainerExit, ContainerSpec, RuntimeContainer } from './types.ts';

export interface DockerBackendOptions {
  docker: Docker;
  /** Host directory under which each container gets its socket directory. */
  socketRoot: string;
  /** Label value that marks this worker's containers. */
  workerId: string;
  /** Allow containers network egress (operator's choice; off by default). */
  allowNetwork?: boolean;
  pidsLimit?: number;
  tmpfsSizeMb?: number;
  /** How long a new container has to open its socket (generous: a busy machine starts containers slowly). */
  startTimeoutMs?: number;
  /** More `host:container[:mode]` binds (tests use one to observe what actions did). */
  extraBinds?: string[];
  /** Images whose output the worker reads from named pipes (they must have /bin/sh); others are attached to. */
  directLogs?: (image: string) => boolean;
}

const SOCKET_IN_CONTAINER = '/brisk/proxy.sock';
const WORKER_LABEL = 'brisk.worker';

const STREAMS = ['stdout', 'stderr'] as const;

class DockerContainer implements RuntimeContainer {
  readonly logs = new LogCollector();
  readonly client: RuntimeClient;
  readonly pipes: net.Socket[] = [];

  constructor(
    readonly id: string,
    readonly spec: ContainerSpec,
    readonly socketDir: string,
    private readonly handle: Docker.Container,
  ) {
    this.client = new RuntimeClient(path.join(socketDir, 'proxy.sock'));
  }

  async inspect(waitMs = 0): Promise<ContainerExit> {
    if (waitMs > 0) {
      // A dropped connection arrives before Docker has recorded the exit.
      await Promise.race([this.handle.wait().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, waitMs))]);
    }
    try {
      const info = await this.handle.inspect();
      return { running: info.State.Running, oomKilled: info.State.OOMKilled, exitCode: info.State.ExitCode };
    } catch {
      return { running: false, oomKilled: false, exitCode: -1 };
    }
  }

  get docker(): Docker.Container {
    return this.handle;
  }
}

export class DockerBackend implements ContainerBackend {
  private readonly commands = new Map<string, Promise<string[]>>();

  constructor(private readonly options: DockerBackendOptions) {}

  async create(spec: ContainerSpec): Promise<RuntimeContainer> {
    const { docker, socketRoot, workerId } = this.options;
    const socketDir = path.join(socketRoot, randomUUID());
    await mkdir(socketDir, { recursive: true });
    // The proxy runs as an unprivileged user and must create its socket here.
    await chmod(socketDir, 0o777);
    const memoryBytes = spec.memoryMb * 1024 * 1024;
    const direct = this.options.directLogs?.(spec.image) ?? false;
    let handle: Docker.Container | undefined;
    let container: DockerContainer | undefined;
    try {
      const [command] = direct
        ? await Promise.all([this.imageCommand(spec.image), mkfifo(STREAMS.map((stream) => path.join(socketDir, stream)))])
        : [undefined];
      handle = await docker.createContainer({
        Image: spec.image,
        // The image's own command, its output sent into the pipes.
        ...(command ? { Cmd: ['/bin/sh', '-c', 'exec "$@" >>/brisk/stdout 2>>/brisk/stderr', 'brisk', ...command] } : {}),
        User: '65534:65534',
        WorkingDir: '/tmp',
        Env: [`BRISK_SOCKET=${SOCKET_IN_CONTAINER}`],
        Labels: { [WORKER_LABEL]: workerId, 'brisk.kind': spec.kind },
        AttachStdout: !direct,
        AttachStderr: !direct,
        Tty: false,
        HostConfig: {
          Binds: [`${socketDir}:/brisk`, ...(this.options.extraBinds ?? [])],
          NetworkMode: this.options.allowNetwork ? 'bridge' : 'none',
          ReadonlyRootfs: true,
          Tmpfs: { '/tmp': `rw,exec,nosuid,size=${this.options.tmpfsSizeMb ?? 64}m` },
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          Memory: memoryBytes,
          MemorySwap: memoryBytes,
          PidsLimit: this.options.pidsLimit ?? 64,
          CpuShares: 512,
          Init: true,
        },
      });
      container = new DockerContainer(handle.id, spec, socketDir, handle);
      if (direct) readPipes(container);
      else await attachLogs(docker, handle, container.logs);
      await handle.start();
      await waitForSocket(path.join(socketDir, 'proxy.sock'), this.options.startTimeoutMs ?? 30_000, container);
      return container;
    } catch (error) {
      for (const pipe of container?.pipes ?? []) pipe.destroy();
      await handle?.remove({ force: true }).catch(() => undefined);
      await rm(socketDir, { recursive: true, force: true });
      throw error;
    }
  }

  async destroy(container: RuntimeContainer): Promise<void> {
    const docker = container as DockerContainer;
    docker.client.close();
    await docker.docker.remove({ force: true }).catch(() => undefined);
    for (const pipe of docker.pipes) pipe.destroy();
    await rm(docker.socketDir, { recursive: true, force: true });
  }

  /** The command an image runs (its Entrypoint and Cmd), read once per image. */
  private imageCommand(image: string): Promise<string[]> {
    let command = this.commands.get(image);
    if (!command) {
      command = this.options.docker
        .getImage(image)
        .inspect()
        .then((info) => [...(info.Config.Entrypoint ?? []), ...(info.Config.Cmd ?? [])]);
      command.catch(() => this.commands.delete(image));
      this.commands.set(image, command);
    }
    return command;
  }

  async removeOrphans(): Promise<number> {
    const { docker, workerId } = this.options;
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`${WORKER_LABEL}=${workerId}`] } });
    await Promise.all(leftovers.map((info) => docker.getContainer(info.Id).remove({ force: true }).catch(() => undefined)));
    return leftovers.length;
  }
}

const execFileAsync = promisify(execFile);

async function mkfifo(paths: string[]): Promise<void> {
  await execFileAsync('mkfifo', ['-m', '666', ...paths]);
}

/**
 * Opens both pipes before the container starts, read-write so that they never
 * see end-of-file (the worker counts as a writer), and feeds them to the logs.
 */
function readPipes(container: DockerContainer): void {
  for (const stream of STREAMS) {
    const fd = openSync(path.join(container.socketDir, stream), constants.O_RDWR | constants.O_NONBLOCK);
    const pipe = new net.Socket({ fd, readable: true, writable: false });
    pipe.on('data', (chunk: Buffer) => container.logs.write(stream, chunk));
    pipe.on('error', () => undefined);
    container.pipes.push(pipe);
  }
}

/** Attaches to the container's output before it starts, so no line is missed. */
async function attachLogs(docker: Docker, handle: Docker.Container, logs: LogCollector): Promise<void> {
  const stream = await handle.attach({ stream: true, stdout: true, stderr: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => logs.write('stdout', chunk));
  stderr.on('data', (chunk: Buffer) => logs.write('stderr', chunk));
  docker.modem.demuxStream(stream, stdout, stderr);
}

async function waitForSocket(socketPath: string, timeoutMs: number, container: DockerContainer): Promise<void> {
  const started = Date.now();
  // Checking often is cheap (a stat) and every millisecond here is part of a cold start;
  // asking the engine whether the container died is not, so that only every 250 ms.
  for (let checks = 0, inspected = started; Date.now() - started < timeoutMs; checks++) {
    try {
      if ((await stat(socketPath)).isSocket()) return;
    } catch {
      // not there yet
    }
    if (Date.now() - inspected >= 250) {
      inspected = Date.now();
      const state = await container.inspect();
      if (!state.running) throw new Error(`the runtime container exited (code ${state.exitCode}) before it was ready`);
    }
    await new Promise((resolve) => setTimeout(resolve, checks < 10 ? 2 : 5));
  }
  throw new Error(`the runtime container did not open its socket within ${timeoutMs} ms`);
}
