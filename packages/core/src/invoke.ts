// Invoking an action: resolve it, merge parameters, enqueue the activation,
// and for blocking calls wait for its record.
import { ACTIVATION_JOB_OPTIONS, fairPriority, jobActionPath, traceNow, type ActivationJob } from './queue.ts';
import { watchForLoss } from './activation/loss-watch.ts';
import { pinVersion } from './activation/pin-version.ts';
import { prepareInvocation, type ResolveInvocable } from './activation/prepare.ts';
import type { ActivationRecord } from './activation-record.ts';
import type { CompletionWaiter } from './completion-waiter.ts';
import type { InvokeDeps } from './deps.ts';
import { resolveInvocable } from './action-resolver.ts';
import { badRequest } from './errors.ts';
import { MAX_BLOCKING_WAIT_MS } from './limits.ts';
import type { EntityPath } from './names.ts';
import type { Caller } from './namespaces.ts';
import { assertParametersSize } from './payload-size.ts';
import { admitActivation, namespaceLimits, releaseActivationSlot } from './throttles.ts';

/** How long past an action's own timeout a blocking caller keeps waiting, for queueing and a cold start. */
const BLOCKING_GRACE_MS = 5_000;

export interface InvokeRequest {
  caller: Caller;
  /** The namespace `path` is in, when not the caller's own (a published package of another namespace). */
  namespace?: string;
  path: EntityPath;
  params: unknown;
  blocking: boolean;
  /** The caller's wish for how long to wait (OpenWhisk's `timeout` query), capped at 60 s. */
  waitMs?: number;
  cause?: string;
  /** Run this stored version of the action rather than its newest (a re-run on a chosen version). */
  version?: string;
  /** Collect stage timestamps (web and worker) into the outcome: the benchmark's profile. */
  trace?: boolean;
}

export type InvokeOutcome =
  | { state: 'accepted'; activationId: string }
  | { state: 'completed'; activationId: string; record: ActivationRecord; trace?: Record<string, number> };

export async function invokeAction(deps: InvokeDeps, waiter: CompletionWaiter | undefined, request: InvokeRequest): Promise<InvokeOutcome> {
  const params = request.params ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw badRequest('The invocation parameters must be a JSON object.');
  }
  assertParametersSize(params, 'invocation parameters');
  const trace: Record<string, number> | undefined = request.trace ? { invoked: traceNow() } : undefined;
  const resolve: ResolveInvocable = deps.invocables
    ? (caller, path, namespace) => deps.invocables!.resolve(deps, caller, path, namespace)
    : (caller, path, namespace) => resolveInvocable(deps.db, caller, path, namespace);
  const prepared = await prepareInvocation(resolve, {
    caller: request.caller,
    path: request.path,
    params: params as Record<string, unknown>,
    ...(request.namespace ? { namespace: request.namespace } : {}),
    ...(request.cause ? { cause: request.cause } : {}),
    ...(request.trace ? { trace: true } : {}),
  });
  const { action, job } = request.version ? await pinVersion(deps, prepared, request.version) : prepared;
  const { activationId } = job;
  // The platform's bound first: a refusal for capacity costs the namespace nothing of its limits.
  await deps.capacity?.admit();
  const limits = await namespaceLimits(deps.db, request.caller.namespaceId);
  // The slot outlives a lost activation by at most its timeout plus time queued.
  const slotDeadline = Date.now() + action.timeoutMs + MAX_BLOCKING_WAIT_MS;
  const inFlight = await admitActivation(deps.redis, deps.redisPrefix, request.caller.namespaceId, activationId, limits, slotDeadline);
  if (trace) trace.resolved = traceNow();

  if (!request.blocking || !waiter) {
    await enqueue(deps, job, inFlight, action.memoryMb);
    return { state: 'accepted', activationId };
  }

  const waitMs = Math.min(request.waitMs ?? MAX_BLOCKING_WAIT_MS, action.timeoutMs + BLOCKING_GRACE_MS, MAX_BLOCKING_WAIT_MS);
  await waiter.start();
  const completion = waiter.registerCompletion(activationId, waitMs);
  try {
    await enqueue(deps, { ...job, replyTo: waiter.channel }, inFlight, action.memoryMb);
  } catch (error) {
    waiter.cancel(activationId);
    throw error;
  }
  if (trace) trace.enqueued = traceNow();
  const watching = new AbortController();
  const lost = watchForLoss(deps, job, watching.signal).then((record) => (record ? { record, trace: undefined } : undefined));
  const done = await Promise.race([completion, lost]).finally(() => {
    watching.abort();
    // Heard as lost: the completion will not come.
    waiter.cancel(activationId);
    deps.placement?.settled(activationId);
  });
  if (!done) return { state: 'accepted', activationId };
  if (!trace) return { state: 'completed', activationId, record: done.record };
  return { state: 'completed', activationId, record: done.record, trace: { ...trace, ...done.trace, completed: traceNow() } };
}

/**
 * Enqueues the job (behind the jobs of namespaces with fewer in flight) on the
 * queue placement chooses, and notes it as accepted; if Redis refuses it, the
 * throttle slot is given back.
 */
async function enqueue(deps: InvokeDeps, job: ActivationJob, inFlight: number, memoryMb: number): Promise<void> {
  try {
    const queue = deps.placement ? (await deps.placement.place(jobActionPath(job), memoryMb, job.activationId)).queue : deps.activationQueue;
    await queue.add(job.action.kind, job, { ...ACTIVATION_JOB_OPTIONS, jobId: job.activationId, priority: fairPriority(inFlight) });
  } catch (error) {
    deps.placement?.settled(job.activationId);
    await releaseActivationSlot(deps.redis, deps.redisPrefix, job.namespaceId, job.activationId).catch(() => undefined);
    throw error;
  }
  deps.accepted?.note(job);
}
