// The container interface the pool works against. Docker implements it
// today; a Kubernetes backend can implement the same three operations.
import type { LogCollector } from './log-collector.ts';
import type { RuntimeClient } from './runtime-client.ts';

export interface ContainerSpec {
  image: string;
  kind: string;
  memoryMb: number;
  /** Intra-container concurrency: how many /run calls may be in flight at once. */
  concurrency: number;
}

export interface ContainerExit {
  running: boolean;
  oomKilled: boolean;
  exitCode: number;
  /** The container no longer exists, or is being removed: someone other than the action ended it. */
  gone?: boolean;
}

export interface RuntimeContainer {
  readonly id: string;
  readonly spec: ContainerSpec;
  readonly client: RuntimeClient;
  readonly logs: LogCollector;
  /**
   * How the container's process is doing, to explain a dropped connection.
   * With `waitMs`, first waits that long at most for a dying container to exit.
   */
  inspect(waitMs?: number): Promise<ContainerExit>;
}

export interface ContainerBackend {
  /** Creates and starts a container whose proxy is ready for /init. */
  create(spec: ContainerSpec): Promise<RuntimeContainer>;
  /** Kills and removes a container; never throws for one already gone. */
  destroy(container: RuntimeContainer): Promise<void>;
  /** Removes the containers and host files of workers that are no longer alive (this one's earlier runs among them). */
  removeLeftovers(): Promise<{ containers: number; directories: number; claims: number }>;
}
