// Every activation record is built here, and every record becomes a row
// here: finished runs (the worker's actions and sequences), lost ones,
// trigger firings, and the pending answer for an activation not finished yet.
// One place, so that all of them agree on what OpenWhisk clients read (the
// `path` annotation, `cause`, `duration`) and on what Postgres can store.
import type { Prisma } from '@brisk/db';
import { makeResponse, STATUS, statusText, type ActivationRecord, type StatusCode } from '../activation-record.ts';
import type { KeyValue } from '../entity-schemas.ts';
import type { ActivationInput } from './activation-input.ts';
import { jobActionPath, type ActivationJob } from '../queue.ts';

/** What a record says about the entity it belongs to. */
export interface RecordSubject {
  namespace: string;
  name: string;
  version: string;
  subject: string;
  activationId: string;
  cause?: string | undefined;
}

export interface RecordOutcome {
  start: number;
  end: number;
  statusCode: StatusCode;
  result: unknown;
  logs?: string[];
  /** Annotations after `path`, which every record starts with. */
  annotations?: KeyValue[];
}

/** A finished activation's record. */
export function finishedRecord(subject: RecordSubject, path: string, outcome: RecordOutcome): ActivationRecord {
  const record: ActivationRecord = {
    namespace: subject.namespace,
    name: subject.name,
    version: subject.version,
    subject: subject.subject,
    activationId: subject.activationId,
    start: outcome.start,
    end: outcome.end,
    duration: outcome.end - outcome.start,
    statusCode: outcome.statusCode,
    response: makeResponse(outcome.statusCode, outcome.result),
    logs: outcome.logs ?? [],
    annotations: [{ key: 'path', value: path }, ...(outcome.annotations ?? [])],
    publish: false,
  };
  if (subject.cause) record.cause = subject.cause;
  return record;
}

function jobSubject(job: ActivationJob): RecordSubject {
  return {
    namespace: job.namespace,
    name: job.action.name,
    version: job.action.version,
    subject: job.subject,
    activationId: job.activationId,
    cause: job.cause,
  };
}

/** The record of a queued activation (an action's or a sequence's) that ended. */
export function jobRecord(job: ActivationJob, outcome: RecordOutcome): ActivationRecord {
  return finishedRecord(jobSubject(job), jobActionPath(job), outcome);
}

/** What `GET /activations/{id}` answers for an activation accepted but not finished. */
export function pendingRecord(job: ActivationJob): ActivationRecord {
  const record = jobRecord(job, { start: job.acceptedAt, end: 0, statusCode: STATUS.success, result: undefined });
  return { ...record, duration: 0, response: { status: 'pending', statusCode: 0, success: false } };
}

export const LOST_MESSAGE = 'The activation was lost: the worker running it stopped before it finished. It was not retried, so its code ran at most once.';

export const QUEUE_LOST_MESSAGE =
  'The activation was accepted, but the queue lost it before any worker ran it (Redis lost its data). It did not run; invoke it again if it should.';

/** The record of an activation whose worker died while it ran (or, with QUEUE_LOST_MESSAGE, whose job Redis lost). */
export function lostRecord(job: ActivationJob, startedAt: number | undefined, now = Date.now(), message = LOST_MESSAGE): ActivationRecord {
  return jobRecord(job, {
    start: startedAt ?? now,
    end: now,
    statusCode: STATUS.internalError,
    result: { error: message },
    annotations: [{ key: 'kind', value: job.action.kind }],
  });
}

/** A trigger firing: its logs say what happened to each rule. */
export function triggerRecord(
  trigger: { namespace: string; name: string; version: string; subject: string; activationId: string },
  at: number,
  event: object,
  ruleOutcomes: unknown[],
): ActivationRecord {
  return finishedRecord(trigger, `${trigger.namespace}/${trigger.name}`, {
    start: at,
    end: at,
    statusCode: STATUS.success,
    result: event,
    logs: ruleOutcomes.map((outcome) => JSON.stringify(outcome)),
  });
}

// ---------------------------------------------------------------- rows

/** Which entity a stored activation belongs to; `path` is its path in its namespace. */
export interface ActivationEntity {
  type: 'action' | 'trigger';
  path: string;
}

export type ActivationRow = Prisma.ActivationGetPayload<object>;

/**
 * A record as its row (the columns of "Activation", written by Prisma or as
 * JSON by the worker's writer). Postgres refuses NUL in text and JSON, and an
 * action may well print or return one: NULs become U+FFFD.
 */
export function activationRow(namespaceId: string, entity: ActivationEntity, record: ActivationRecord, input?: ActivationInput) {
  return {
    activationId: record.activationId,
    namespaceId,
    entityType: entity.type,
    name: withoutNul(record.name),
    path: entity.path,
    version: record.version,
    subject: record.subject,
    start: new Date(record.start),
    end: new Date(record.end),
    duration: record.duration,
    statusCode: record.response.statusCode,
    success: record.response.success,
    result: withoutNulJson(record.response.result ?? null),
    logs: record.logs.map(withoutNul),
    annotations: withoutNulJson(record.annotations),
    cause: record.cause ?? null,
    publish: record.publish,
    // Left out (NULL) when there is none: Prisma takes no plain null for a JSON column.
    ...(input ? { input: withoutNulJson(input) } : {}),
  };
}

export function rowToRecord(namespace: string, row: ActivationRow): ActivationRecord {
  const record: ActivationRecord = {
    namespace,
    name: row.name,
    version: row.version,
    subject: row.subject,
    activationId: row.activationId,
    start: row.start.getTime(),
    end: row.end?.getTime() ?? 0,
    duration: row.duration ?? 0,
    statusCode: row.statusCode,
    response: { status: statusText(row.statusCode), statusCode: row.statusCode, success: row.success, result: row.result ?? undefined },
    logs: row.logs,
    annotations: row.annotations as KeyValue[],
    publish: row.publish,
  };
  if (row.cause) record.cause = row.cause;
  return record;
}

/** A JSON escape of NUL (`\u0000`) that is not itself escaped (`\\u0000` is text). */
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

function jsonWithoutNul(json: string): string {
  return json.includes('\\u0000') ? json.replace(NUL_ESCAPE, '$1\\ufffd') : json;
}

function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\ufffd') : text;
}

function withoutNulJson(value: unknown): Prisma.InputJsonValue {
  const json = JSON.stringify(value);
  const clean = jsonWithoutNul(json);
  return (clean === json ? value : JSON.parse(clean)) as Prisma.InputJsonValue;
}
