// The one contract between web and worker: the activation job, its options,
// and the Redis channels used to signal completion and stream logs.
import { Queue, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';

export const ACTIVATION_QUEUE = 'activations';

export const activationJobSchema = z.object({
  activationId: z.string().regex(/^[0-9a-f]{32}$/),
  namespaceId: z.string(),
  namespace: z.string(),
  subject: z.string(),
  action: z.object({
    id: z.string(),
    version: z.string(),
    packageName: z.string(),
    name: z.string(),
    kind: z.string(),
    /** Where the action lives when that differs from the path invoked (a binding, a shared package). */
    home: z.string().optional(),
    /** Which environment variables the action has (their stamps, never a value), when it has any: the container is made with them. */
    env: z.string().optional(),
  }),
  /** Merged parameters: package < action < invocation. */
  params: z.record(z.string(), z.unknown()),
  /** Channel of the web replica that waits for this activation, if any. */
  replyTo: z.string().optional(),
  cause: z.string().optional(),
  /** Set on a sequence's components: OpenWhisk's `causedBy` annotation. */
  causedBy: z.literal('sequence').optional(),
  acceptedAt: z.number(),
  /** Report stage timestamps with the completion (the benchmark's profile). */
  trace: z.boolean().optional(),
});
export type ActivationJob = z.infer<typeof activationJobSchema>;

/** The activation queue, typed: jobs are `ActivationJob`s named by their kind, with no return value. */
export type ActivationQueue = Queue<ActivationJob, void, string>;

/** The shared activation queue, or (`name`) one worker's (`placement/worker-queues.ts`). */
export function openActivationQueue(connection: ConnectionOptions, prefix: string, name = ACTIVATION_QUEUE): ActivationQueue {
  return new Queue<ActivationJob, void, string>(name, { connection, prefix });
}

/**
 * Delivery is at most once: one attempt, and a job whose worker died is never
 * handed to another worker (see DESIGN.md "Invoking").
 */
export const ACTIVATION_JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: true,
  // A failed job (its worker died) is kept while its lost record may still be
  // on its way to Postgres (retried for up to 30 min), not for ever: it holds
  // the merged parameters, secrets included.
  removeOnFail: { age: 3_600, count: 10_000 },
} as const;

/** BullMQ's largest priority. */
const MAX_PRIORITY = 2_097_152;

/**
 * Fair queueing between namespaces: a job's priority (lower runs first) is
 * how many activations its namespace has in flight when it is accepted. A
 * namespace that queued 1,000 puts its next at 1,001, behind another
 * namespace's first, which is 1; within a namespace (and a priority) the
 * queue stays first in, first out.
 */
export function fairPriority(inFlight: number): number {
  return Math.min(Math.max(1, inFlight), MAX_PRIORITY);
}

/** The channel on which a web replica hears about activations it waits for. */
export function completionChannel(prefix: string, replicaId: string): string {
  return `${prefix}:done:${replicaId}`;
}

/** The channel carrying an activation's log lines while it runs, as `encodeLiveLines` messages. */
export function logChannel(prefix: string, activationId: string): string {
  return `${prefix}:logs:${activationId}`;
}

/**
 * A Redis list holding the first messages published on `logChannel`: a
 * viewer that subscribes after the first lines went out (the usual case: a
 * run's first line comes before its browser has subscribed) reads them from
 * here. The worker deletes it once the record is stored.
 */
export function logBacklogKey(prefix: string, activationId: string): string {
  return `${prefix}:logs:${activationId}:backlog`;
}

/** Seconds a backlog outlives its last line if its worker died: longer than any action may run. */
export const LOG_BACKLOG_TTL_S = 360;

/** A backlog stops growing here, so running activations cannot fill Redis with logs nobody watches. */
export const LOG_BACKLOG_MAX_BYTES = 256 * 1024;

/** A live log message: the line's index in its activation, so a viewer can drop what it read from the backlog. */
export function encodeLiveLine(index: number, line: string): string {
  return `${index} ${line}`;
}

/**
 * Several `encodeLiveLine` lines in one message, one per text line (log lines
 * never hold a line break: the worker cuts output at them). A worker
 * publishes the lines it read together as one message.
 */
export function encodeLiveLines(encoded: readonly string[]): string {
  return encoded.join('\n');
}

/** The lines of a live log message (one line or several); lines of another shape are left out. */
export function decodeLiveLines(message: string): { index: number; line: string }[] {
  const lines: { index: number; line: string }[] = [];
  for (const part of message.split('\n')) {
    const decoded = decodeLiveLine(part);
    if (decoded) lines.push(decoded);
  }
  return lines;
}

/** The inverse of `encodeLiveLine`; undefined for a message of another shape. */
export function decodeLiveLine(message: string): { index: number; line: string } | undefined {
  const space = message.indexOf(' ');
  const index = Number(message.slice(0, space));
  return space > 0 && Number.isSafeInteger(index) && index >= 0 ? { index, line: message.slice(space + 1) } : undefined;
}

/**
 * Where a worker keeps a finished activation's record for a short while: it
 * signals completion before the record is in Postgres, and a GET of the
 * activation right after must still find it.
 */
export function finishedActivationKey(prefix: string, activationId: string): string {
  return `${prefix}:finished:${activationId}`;
}

/** Seconds a finished record stays in Redis; Postgres has it long before. */
export const FINISHED_ACTIVATION_TTL_S = 30;

/** The value at `finishedActivationKey`. */
export interface FinishedActivation {
  namespaceId: string;
  record: unknown;
}

/** Where a worker writes its pool statistics every few seconds (expires when it stops). */
export function workerHeartbeatKey(prefix: string, workerId: string): string {
  return `${prefix}:workers:${workerId}`;
}

export interface CompletionMessage {
  activationId: string;
  record: unknown;
  /** Stage timestamps of a traced activation (`traceNow()` values). */
  trace?: Record<string, number>;
}

/**
 * A completion message as text, around a record already serialised once (a
 * record can be megabytes of logs: it is not parsed and serialised again).
 */
export function completionMessageText(activationId: string, recordJson: string, trace?: Record<string, number>): string {
  return `{"activationId":${JSON.stringify(activationId)},"record":${recordJson}${trace ? `,"trace":${JSON.stringify(trace)}` : ''}}`;
}

export function parseCompletionMessage(text: string): CompletionMessage {
  return JSON.parse(text) as CompletionMessage;
}

/** A wall-clock time in milliseconds with sub-millisecond resolution, comparable across processes of one machine. */
export function traceNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The action's path inside its namespace: "pkg/name" or "name". */
export function jobEntityPath(job: Pick<ActivationJob, 'action'>): string {
  return job.action.packageName ? `${job.action.packageName}/${job.action.name}` : job.action.name;
}

/** The activation's `path` annotation: where the action lives, "namespace/[package/]name". */
export function jobActionPath(job: Pick<ActivationJob, 'action' | 'namespace'>): string {
  return job.action.home ?? `${job.namespace}/${jobEntityPath(job)}`;
}
