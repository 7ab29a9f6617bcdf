// Runs one activation job: container, /init when cold, /run within the
// action's limits, logs, the record, the completion signal.
import {
  imageForKind,
  jobActionPath,
  jobEntityPath,
  MB,
  providesApiKey,
  jobRecord,
  SEQUENCE_KIND,
  traceNow,
  type ActivationJob,
  type ActivationRecord,
  type KeyValue,
} from '@brisk/core';
import type { Redis } from 'ioredis';
import { ProxyResponseTooLargeError, ProxyTimeoutError } from '../containers/runtime-client.ts';
import type { ContainerPool } from '../pool/container-pool.ts';
import type { Lease } from '../pool/pool-types.ts';
import type { ActionEnvironment, ActionEnvironmentCache } from './action-environments.ts';
import type { ActionVersionCache, ActionVersionData } from './action-versions.ts';
import { liveLogSink } from './live-logs.ts';
import { internalError, outcomeOfCrash, outcomeOfInit, outcomeOfOversizedAnswer, outcomeOfRun, outcomeOfTimeout, type Outcome } from './outcome.ts';

export interface RunnerDeps {
  pool: ContainerPool;
  actions: ActionVersionCache;
  /** Publishes live log lines; optional so tests can run without it. */
  publisher?: Redis;
  redisPrefix: string;
  /** Brisk's API for actions: `__OW_API_HOST`, and the key of a namespace for `provide-api-key`. */
  api?: { host: string; keyFor(namespace: string): Promise<string> };
  /** Opens actions' and packages' environment variables; without it an action that has some is not run. */
  environments?: ActionEnvironmentCache;
}

export interface RunOptions {
  /**
   * Called with the finished record while the container is still held:
   * publish and save it here, so that the container's next activation never
   * starts before this one's record is written. Without it the container goes
   * back to the pool at once and the caller deals with the record.
   */
  settle?: (record: ActivationRecord) => Promise<void>;
  /** Stage timestamps of a traced activation (the benchmark's profile) are added here. */
  marks?: Record<string, number>;
}

/** How long to wait for the log sentinels after a normal end. */
const LOG_GRACE_MS = 2_000;
/** How long a container whose connection dropped gets to finish dying, to tell why. */
const CRASH_EXIT_WAIT_MS = 2_000;
/** After a kill the streams are gone; take what arrived. */
const LOG_GRACE_AFTER_KILL_MS = 100;
/** Runtimes whose proxy takes concurrent /run calls (Node.js on its event loop, Python with a thread per run). */
const CONCURRENT_RUNTIMES = new Set(['nodejs', 'python']);

export const CONCURRENT_LOGS_NOTICE =
  "Logs are not collected for actions whose concurrency limit is above 1: activations running at once share the container's output.";

interface Timing {
  start: number;
  initTime?: number;
}

/** The intra-container concurrency an action gets: its limit where the runtime supports it, else 1. */
export function effectiveConcurrency(action: Pick<ActionVersionData, 'kind' | 'image' | 'concurrency'>): number {
  const family = action.kind.split(':')[0] ?? '';
  return action.image === null && CONCURRENT_RUNTIMES.has(family) ? Math.max(1, action.concurrency) : 1;
}

export async function runActivation(deps: RunnerDeps, job: ActivationJob, options: RunOptions = {}): Promise<ActivationRecord> {
  const start = Date.now();
  const unrun = async (action: ActionVersionData | undefined, message: string) => {
    const record = buildRecord(job, action, { start }, internalError(message), []);
    await options.settle?.(record);
    return record;
  };
  const action = await deps.actions.get(job.action.id, job.action.version);
  if (!action) return unrun(undefined, 'The action was deleted before it could run.');
  if (action.kind === SEQUENCE_KIND) return unrun(action, 'Sequences are not supported by this worker yet.');
  const image = action.image ?? imageForKind(action.kind);
  if (!image) return unrun(action, `No runtime image for kind ${action.kind}.`);

  let apiKey: string | undefined;
  if (deps.api && providesApiKey(action.annotations)) {
    // The key of the namespace the action lives in (a shared package's owner), never the caller's.
    const home = jobActionPath(job).split('/')[0] ?? job.namespace;
    try {
      apiKey = await deps.api.keyFor(home);
    } catch (error) {
      return unrun(action, `Could not provide the API key: ${(error as Error).message}`);
    }
  }

  let environment: ActionEnvironment | undefined;
  if (job.action.env) {
    try {
      if (!deps.environments) throw new Error('this worker cannot open environment variables');
      environment = await deps.environments.get(job.action.id, job.action.env);
    } catch (error) {
      return unrun(action, `Could not provide the environment variables: ${(error as Error).message}`);
    }
  }

  const concurrency = effectiveConcurrency(action);
  // Containers are per version and per environment: after a change of either, warm ones made before are not reused.
  const poolKey = `${job.action.id}@${job.action.version}${environment?.revision ? `#${environment.revision}` : ''}`;
  let lease: Lease;
  try {
    lease = await deps.pool.acquire(poolKey, { image, kind: action.kind, memoryMb: action.memoryMb, concurrency });
  } catch (error) {
    return unrun(action, `Could not start a container: ${(error as Error).message}`);
  }

  const marks = options.marks;
  if (marks) {
    marks.acquired = traceNow();
    marks[lease.source] = 1;
  }
  const { container } = lease;
  const concurrent = concurrency > 1;
  const live = !concurrent && deps.publisher ? liveLogSink(deps.publisher, deps.redisPrefix, job.activationId) : undefined;
  if (concurrent) container.logs.share();
  else container.logs.begin(action.logsMb * MB, live?.write);
  const timing: Timing = { start };
  const outcome = await initAndRun(deps, lease, job, action, timing, marks, apiKey, environment);

  let healthy = !outcome.discard;
  // A container that must go is killed at once, while its last output is collected.
  const discarded = outcome.discard ? deps.pool.discard(lease) : undefined;
  let logs: string[];
  if (concurrent) {
    logs = [`${new Date().toISOString()} stderr: ${CONCURRENT_LOGS_NOTICE}`];
  } else {
    const collected = await container.logs.finish(outcome.discard ? LOG_GRACE_AFTER_KILL_MS : LOG_GRACE_MS);
    logs = collected.lines;
    // Without both sentinels the next activation's logs would be mixed up.
    if (!collected.complete) healthy = false;
  }
  const record = buildRecord(job, action, timing, outcome, logs);
  if (marks) marks.logged = traceNow();
  try {
    await options.settle?.(record);
    // Viewers now read the record (without settle the caller publishes it, and the backlog expires).
    // Not awaited: the container's next activation need not wait for it.
    if (options.settle) void live?.close();
  } finally {
    if (discarded) await discarded;
    else if (healthy) deps.pool.release(lease);
    else await deps.pool.discard(lease);
  }
  return record;
}

async function initAndRun(
  deps: RunnerDeps,
  lease: Lease,
  job: ActivationJob,
  action: ActionVersionData,
  timing: Timing,
  marks: Record<string, number> | undefined,
  apiKey: string | undefined,
  environment: ActionEnvironment | undefined,
): Promise<Outcome> {
  const { container } = lease;
  try {
    if (!lease.warm) {
      const initStart = Date.now();
      const concurrency = effectiveConcurrency(action);
      const init = await container.client.init(
        {
          name: job.action.name,
          main: action.main ?? 'main',
          code: action.code ?? '',
          binary: action.binary,
          env: initEnv(deps, environment),
          // Brisk's own field: a proxy that runs one activation at a time by default (Python) needs to know.
          ...(concurrency > 1 ? { concurrency } : {}),
        },
        action.timeoutMs,
      );
      timing.initTime = Date.now() - initStart;
      if (init.status !== 200) return outcomeOfInit(init);
      deps.pool.observeInit(timing.initTime);
      if (marks) marks.initialized = traceNow();
    }
    const deadline = Date.now() + action.timeoutMs;
    const response = await container.client.run(
      {
        value: job.params,
        namespace: job.namespace,
        action_name: `/${job.namespace}/${jobEntityPath(job)}`,
        activation_id: job.activationId,
        deadline: String(deadline),
        transaction_id: job.activationId,
        // The proxies make these __OW_API_HOST and __OW_API_KEY; the key only when the action asked for it.
        ...(deps.api ? { api_host: deps.api.host } : {}),
        ...(apiKey ? { api_key: apiKey } : {}),
      },
      action.timeoutMs,
    );
    if (marks) marks.ran = traceNow();
    return outcomeOfRun(response);
  } catch (error) {
    if (error instanceof ProxyTimeoutError) return outcomeOfTimeout(action.timeoutMs);
    if (error instanceof ProxyResponseTooLargeError) return outcomeOfOversizedAnswer(error.bytes);
    return outcomeOfCrash(await container.inspect(CRASH_EXIT_WAIT_MS));
  }
}

/**
 * The action's (and its package's) variables, then the platform's. Top-level
 * code may make its client at load time (`const ow = openwhisk()`): the host
 * is there already; the key only in /run.
 */
function initEnv(deps: RunnerDeps, environment: ActionEnvironment | undefined): Record<string, string> {
  return { ...environment?.variables, ...(deps.api ? { __OW_API_HOST: deps.api.host } : {}) };
}

function buildRecord(job: ActivationJob, action: ActionVersionData | undefined, timing: Timing, outcome: Outcome, logs: string[]): ActivationRecord {
  const annotations: KeyValue[] = [{ key: 'waitTime', value: Math.max(0, timing.start - job.acceptedAt) }];
  if (action) {
    annotations.push(
      { key: 'kind', value: action.kind },
      { key: 'limits', value: { timeout: action.timeoutMs, memory: action.memoryMb, logs: action.logsMb, concurrency: action.concurrency } },
    );
  }
  if (timing.initTime !== undefined) annotations.push({ key: 'initTime', value: timing.initTime });
  annotations.push({ key: 'timeout', value: outcome.timedOut === true });
  if (job.causedBy) annotations.push({ key: 'causedBy', value: job.causedBy });
  return jobRecord(job, { start: timing.start, end: Date.now(), statusCode: outcome.statusCode, result: outcome.result, logs, annotations });
}
