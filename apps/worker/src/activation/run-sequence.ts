// Runs a sequence: each component is a full activation of its own (cause =
// the sequence's id), the result of one is the input of the next, and the
// first error ends the sequence with that error.
import {
  parseFullyQualifiedName,
  prepareInvocation,
  resolveInvocable,
  SEQUENCE_KIND,
  STATUS,
  jobRecord,
  type ActivationJob,
  type ActivationRecord,
  type Caller,
  type InvocableAction,
  type KeyValue,
  type StatusCode,
} from '@brisk/core';
import type { Db } from '@brisk/db';
import { runActivation, type RunnerDeps } from './run-activation.ts';
import type { Settle } from './settle.ts';

/** OpenWhisk's limit on the component activations one sequence may run, nested sequences included. */
export const MAX_SEQUENCE_STEPS = 50;

export interface SequenceDeps extends RunnerDeps {
  db: Db;
  /** Publishes and stores a component's record (the worker's settle step). */
  settle: Settle;
}

interface Budget {
  stepsLeft: number;
}

/** Runs `job`, a sequence activation, and returns its record; component records are saved as they end. */
export async function runSequence(deps: SequenceDeps, job: ActivationJob, budget: Budget = { stepsLeft: MAX_SEQUENCE_STEPS }): Promise<ActivationRecord> {
  const start = Date.now();
  const sequence = await deps.actions.get(job.action.id, job.action.version);
  if (!sequence) return runActivation(deps, job); // reports the deleted action as runActivation does
  const caller: Caller = { namespaceId: job.namespaceId, namespace: job.namespace, subject: job.subject };
  const componentIds: string[] = [];
  let input: Record<string, unknown> = job.params;
  let statusCode: StatusCode = STATUS.success;
  let result: Record<string, unknown> = {};

  for (const component of sequence.components) {
    if (budget.stepsLeft-- <= 0) {
      statusCode = STATUS.developerError;
      result = { error: `The sequence runs more than ${MAX_SEQUENCE_STEPS} component activations (is it nested in itself?).` };
      break;
    }
    const step = await runComponent(deps, caller, job, component, input, budget);
    if ('unrunnable' in step) {
      statusCode = STATUS.developerError;
      result = { error: step.unrunnable };
      break;
    }
    componentIds.push(step.activationId);
    statusCode = step.response.statusCode as StatusCode;
    result = (step.response.result ?? {}) as Record<string, unknown>;
    if (statusCode !== STATUS.success) break;
    input = result;
  }

  const annotations: KeyValue[] = [
    { key: 'waitTime', value: Math.max(0, start - job.acceptedAt) },
    { key: 'kind', value: SEQUENCE_KIND },
    { key: 'limits', value: { timeout: sequence.timeoutMs, memory: sequence.memoryMb, logs: sequence.logsMb, concurrency: sequence.concurrency } },
    { key: 'topmost', value: job.cause === undefined },
  ];
  if (job.causedBy) annotations.push({ key: 'causedBy', value: job.causedBy });
  // OpenWhisk lists a sequence's component activation ids as its logs.
  return jobRecord(job, { start, end: Date.now(), statusCode, result, logs: componentIds, annotations });
}

/** One component: resolve it now (it may have been updated), run it, save its record. */
async function runComponent(
  deps: SequenceDeps,
  caller: Caller,
  parent: ActivationJob,
  component: string,
  input: Record<string, unknown>,
  budget: Budget,
): Promise<ActivationRecord | { unrunnable: string }> {
  const name = parseFullyQualifiedName(component, caller.namespace);
  let job: ActivationJob;
  let action: InvocableAction;
  // Prepared like any invocation but not admitted against the throttles: as in
  // OpenWhisk, the sequence took the namespace's slot and runs its components under it.
  try {
    ({ action, job } = await prepareInvocation((who, path, namespace) => resolveInvocable(deps.db, who, path, namespace), {
      caller,
      namespace: name.namespace,
      path: { packageName: name.packageName, name: name.name },
      params: input,
      cause: parent.activationId,
      causedBy: 'sequence',
    }));
  } catch (error) {
    // The component was deleted or renamed since the sequence was saved.
    return { unrunnable: `The sequence component ${component} could not be run: ${(error as Error).message}` };
  }
  if (action.kind !== SEQUENCE_KIND) {
    // Settled while the container is held, like any activation.
    return runActivation(deps, job, { settle: (record) => deps.settle(job, record) });
  }
  const record = await runSequence(deps, job, budget);
  await deps.settle(job, record);
  return record;
}
