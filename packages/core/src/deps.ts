import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';
import type { AcceptedLedger } from './activation/accepted-ledger.ts';
import type { RecordWriter } from './activation/record-writer.ts';
import type { DeployQueue } from './deploy/deploy-queue.ts';
import type { DeploySettings } from './deploy/settings.ts';
import type { AlarmQueue } from './feeds/alarm-schedules.ts';
import type { InvocableCache } from './invocable-cache.ts';
import type { Placement } from './placement/placement.ts';
import type { QueueDepthGate } from './load-shedding.ts';
import type { ActivationQueue } from './queue.ts';

/** What the services need from the outside world; apps build it once. */
export interface CoreDeps {
  db: Db;
  redis: Redis;
  activationQueue: ActivationQueue;
  /** Writes activation records (trigger firings here; the worker's own instance writes actions'). */
  records: RecordWriter;
  /** Where deployments wait for the worker. */
  deployQueue: DeployQueue;
  deploySettings: DeploySettings;
  /** Where alarms are scheduled (the console creates triggers with their alarm). */
  alarmQueue: AlarmQueue;
  /** Prefix of every Redis key and channel of this installation (or test run). */
  redisPrefix: string;
  /** Resolved actions kept in memory (web replicas); without it every invoke asks Postgres. */
  invocables?: InvocableCache;
  /** The platform's bound on queued activations (web replicas); without it nothing is shed. */
  capacity?: QueueDepthGate;
  /** Notes accepted activations in Postgres, so that one Redis loses still ends as a record. */
  accepted?: AcceptedLedger;
  /** Sends each activation to its action's home worker (web replicas); without it every job goes to the shared queue. */
  placement?: Placement;
}

/** What invoking an action or firing a trigger needs: the web's deps, or the worker's for alarm ticks. */
export type InvokeDeps = Pick<CoreDeps, 'db' | 'redis' | 'redisPrefix' | 'activationQueue' | 'records' | 'invocables' | 'capacity' | 'accepted' | 'placement'>;
