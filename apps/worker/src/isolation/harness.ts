// A real worker for the isolation tests: its own database, Redis prefix,
// socket root and worker id, actions stored as the API stores them, and
// activations queued as the API queues them, each with a reply channel so
// that a test can wait for a record as a blocking caller does.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ACTIVATION_JOB_OPTIONS,
  ensureNamespace,
  newActivationId,
  openActivationQueue,
  putAction,
  type ActivationJob,
  type ActivationQueue,
  type ActivationRecord,
  type Caller,
  workerHeartbeatKey,
} from '@brisk/core';
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import { readWorkerEnv, type WorkerEnv } from '../env.ts';
import type { PoolStats } from '../pool/pool-types.ts';
import { startWorker, type RunningWorker, type WorkerOptions } from '../worker.ts';

export interface StoredAction {
  id: string;
  version: string;
  name: string;
  kind: string;
}

export class WorkerHarness {
  readonly workers: RunningWorker[] = [];
  private readonly children: ChildProcess[] = [];
  private readonly waiting = new Map<string, (record: ActivationRecord) => void>();
  private caller!: Caller;

  private constructor(
    readonly database: TestDatabase,
    readonly db: Db,
    readonly redisPrefix: string,
    readonly scratch: string,
    private readonly queue: ActivationQueue,
    private readonly listener: Redis,
    readonly replyTo: string,
    private readonly redis = new Redis(TEST_REDIS_URL),
  ) {}

  static async start(name: string): Promise<WorkerHarness> {
    const database = await createTestDatabase(name);
    const redisPrefix = newRedisPrefix();
    const scratch = await mkdtemp(path.join(os.tmpdir(), `brisk-${name}-`));
    const db = createDb(database.url, { poolSize: 2 });
    const queue = openActivationQueue({ url: TEST_REDIS_URL }, redisPrefix);
    // Connected before it subscribes: a SUBSCRIBE racing the client's ready check fails it.
    const listener = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    await listener.connect();
    const replyTo = `${redisPrefix}:test-replies`;
    const harness = new WorkerHarness(database, db, redisPrefix, scratch, queue, listener, replyTo);
    await listener.subscribe(replyTo);
    listener.on('message', (_channel: string, message: string) => {
      const { activationId, record } = JSON.parse(message) as { activationId: string; record: ActivationRecord };
      harness.waiting.get(activationId)?.(record);
      harness.waiting.delete(activationId);
    });
    const namespace = await ensureNamespace(db, 'guest');
    harness.caller = { namespaceId: namespace.id, namespace: namespace.name, subject: namespace.name };
    return harness;
  }

  /** The worker's configuration; without `BRISK_WORKER_ID` it picks its own, as in production. */
  env(overrides: Record<string, string> = {}): WorkerEnv {
    return readWorkerEnv({ ...this.rawEnv(), ...overrides });
  }

  private rawEnv(): Record<string, string> {
    return {
      DATABASE_URL: this.database.url,
      REDIS_URL: TEST_REDIS_URL,
      BRISK_REDIS_PREFIX: this.redisPrefix,
      BRISK_SOCKET_ROOT: path.join(this.scratch, 'sockets'),
      BRISK_STEM_CELLS: '',
      // Nor any that recent demand would ask for: the tests count containers.
      BRISK_STEM_CELLS_MAX: '0',
      BRISK_HEARTBEAT_MS: '500',
    };
  }

  async startWorker(overrides: Record<string, string> = {}, options: WorkerOptions = {}): Promise<RunningWorker> {
    const worker = await startWorker(this.env(overrides), { log: () => undefined, ...options });
    this.workers.push(worker);
    return worker;
  }

  /** A worker in a process of its own (`npm start`'s), to be killed as a crash would; resolves once it is taking work. */
  async spawnWorker(workerId: string): Promise<ChildProcess> {
    const env = { ...process.env, ...this.rawEnv(), BRISK_WORKER_ID: workerId };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../main.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    this.children.push(child);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('taking activations')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the worker exited (${code}) before taking activations: ${out}`)));
    });
    return child;
  }

  /** The pool statistics a worker last wrote to Redis with its heartbeat. */
  async poolStats(workerId: string): Promise<PoolStats | undefined> {
    const beat = await this.redis.get(workerHeartbeatKey(this.redisPrefix, workerId));
    return beat ? (JSON.parse(beat) as { pool?: PoolStats }).pool : undefined;
  }

  /** Stops a worker as SIGTERM does: running activations finish, its containers go. */
  async stopWorker(worker: RunningWorker): Promise<void> {
    this.workers.splice(this.workers.indexOf(worker), 1);
    await worker.close();
  }

  async action(name: string, code: string, limits: { memory?: number; timeout?: number; logs?: number } = {}, kind = 'nodejs:default'): Promise<StoredAction> {
    const stored = await putAction(this.db, this.caller, { packageName: '', name }, { exec: { kind, code }, limits }, { overwrite: true });
    const row = await this.db.action.findFirstOrThrow({ where: { namespaceId: this.caller.namespaceId, name }, select: { id: true, kind: true } });
    return { id: row.id, version: stored.version, name, kind: row.kind };
  }

  /** Queues an activation; resolves with its record when the worker publishes it. */
  invoke(action: StoredAction, params: Record<string, unknown> = {}): { activationId: string; record: Promise<ActivationRecord> } {
    const job: ActivationJob = {
      activationId: newActivationId(),
      namespaceId: this.caller.namespaceId,
      namespace: this.caller.namespace,
      subject: this.caller.subject,
      action: { id: action.id, version: action.version, packageName: '', name: action.name, kind: action.kind },
      params,
      acceptedAt: Date.now(),
      replyTo: this.replyTo,
    };
    const record = new Promise<ActivationRecord>((resolve) => this.waiting.set(job.activationId, resolve));
    void this.queue.add(action.kind, job, { ...ACTIVATION_JOB_OPTIONS, jobId: job.activationId });
    return { activationId: job.activationId, record };
  }

  async close(): Promise<void> {
    for (const worker of this.workers.splice(0)) await worker.close().catch(() => undefined);
    for (const child of this.children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.queue.close();
    this.listener.disconnect();
    this.redis.disconnect();
    await this.db.$disconnect();
    await this.database.drop();
    await deleteRedisPrefix(this.redisPrefix);
    await rm(this.scratch, { recursive: true, force: true });
  }
}

export const randomId = () => randomBytes(4).toString('hex');
