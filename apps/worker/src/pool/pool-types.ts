// What the container pool hands out and reports (container-pool.ts).
import type { ContainerSpec, RuntimeContainer } from '../containers/types.ts';
import type { StemDemandOptions } from './stem-demand.ts';
import type { StemCellSpec } from './stem-cells.ts';

/** warm: initialized for this action version; stem: started before it was asked for; cold: started for this request. */
export type LeaseSource = 'warm' | 'stem' | 'cold';

export interface Lease {
  container: RuntimeContainer;
  /** True when the container was already initialized with this action version; otherwise send /init. */
  warm: boolean;
  source: LeaseSource;
  key: string;
}

export interface PoolOptions {
  /** Upper bound of the sum of the containers' memory limits. */
  memoryBudgetMb: number;
  idleTimeoutMs: number;
  maxConcurrentCreates: number;
  stemCells?: StemCellSpec[];
  /** Stem cells sized from recent demand beside the configured ones; off when absent. */
  stemDemand?: StemDemandOptions;
  reapIntervalMs?: number;
  /** The host's CPU busy share (0 to 1); past SATURATED_CPU the pool does not grow for waiting requests. Default: read from the host. */
  hostBusy?: () => number;
  onError?: (error: unknown) => void;
}

export interface PoolStats {
  containers: number;
  busy: number;
  idle: number;
  fresh: number;
  /** Stem cells wanted now: the configured ones raised to recent demand. */
  stemTarget: number;
  creating: number;
  destroying: number;
  waiting: number;
  memoryMb: number;
  /** Memory of the containers running an activation now: what placement cannot count on. */
  busyMemoryMb: number;
  maxMemoryMb: number;
  budgetMb: number;
  warm: number;
  stem: number;
  cold: number;
  created: number;
  evicted: number;
  reaped: number;
  createFailures: number;
  /** Containers destroyed for writing too much output between activations. */
  flooded: number;
  /** The pool's estimates (ms): starting a container, an /init, and the longest smoothed lease of any action. */
  estimates: { create: number; init: number; maxHold: number };
}

/** One container of the pool, as the pool keeps account of it. */
export interface Slot {
  container: RuntimeContainer;
  image: string;
  memoryMb: number;
  /** The action version it was initialized for; undefined while fresh. */
  key: string | undefined;
  maxConcurrent: number;
  inFlight: number;
  lastUsed: number;
  readyAt: number;
  destroyed: Promise<void> | undefined;
}

/** A request queued for a container. */
export interface Waiter {
  key: string;
  spec: ContainerSpec;
  since: number;
  resolve: (lease: Lease) => void;
  reject: (error: Error) => void;
}
