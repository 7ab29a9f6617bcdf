// Firing a trigger: invoke the action of each active rule, non-blocking, and
// record a trigger activation whose logs say what happened to each rule.
import { newActivationId } from './activation-id.ts';
import { STATUS } from './activation-record.ts';
import { triggerRecord } from './activation/records.ts';
import type { InvokeDeps } from './deps.ts';
import { withoutLeadingSlash } from './entity-refs.ts';
import type { KeyValue } from './entity-schemas.ts';
import { badRequest, isBriskError } from './errors.ts';
import { admitFire, namespaceLimits } from './throttles.ts';
import { invokeAction } from './invoke.ts';
import type { Caller } from './namespaces.ts';
import { assertParametersSize } from './payload-size.ts';
import { parseFullyQualifiedName } from './qualified-names.ts';
import { findTrigger, triggerReference } from './triggers.ts';

export type FireOutcome = { fired: false } | { fired: true; activationId: string };

/** One line of a trigger activation's logs, as OpenWhisk writes it. */
export interface RuleOutcome {
  statusCode: number;
  success: boolean;
  activationId?: string;
  error?: string;
  rule: string;
  action: string;
}

/**
 * Fires the caller's trigger `name` with `payload`. Without an active rule
 * nothing happens and nothing is recorded (the API answers 204). Otherwise
 * each active rule's action is invoked, non-blocking, with the trigger's
 * parameters merged with the payload and `cause` = the trigger activation's
 * id; the trigger activation is written with one JSON log line per rule
 * (inactive rules and failed invocations included, with statusCode != 0).
 */
export async function fireTrigger(deps: InvokeDeps, caller: Caller, name: string, payload: unknown): Promise<FireOutcome> {
  const event = payload ?? {};
  if (typeof event !== 'object' || Array.isArray(event)) throw badRequest('The trigger payload must be a JSON object.');
  assertParametersSize(event, 'trigger payload');

  const trigger = await findTrigger(deps.db, caller, name);
  const rules = await deps.db.rule.findMany({
    where: { namespaceId: caller.namespaceId, trigger: triggerReference(caller, name) },
    select: { name: true, action: true, status: true },
    orderBy: { name: 'asc' },
  });
  if (!rules.some((rule) => rule.status === 'active')) return { fired: false };
  await admitFire(deps.redis, deps.redisPrefix, caller.namespaceId, await namespaceLimits(deps.db, caller.namespaceId));

  const activationId = newActivationId();
  const start = Date.now();
  const params = { ...toObject(trigger.parameters as KeyValue[]), ...(event as Record<string, unknown>) };
  const outcomes = await Promise.all(
    rules.map((rule): Promise<RuleOutcome> => {
      const names = { rule: `${caller.namespace}/${rule.name}`, action: withoutLeadingSlash(rule.action) };
      if (rule.status !== 'active') {
        const error = `Rule '${names.rule}' is inactive, action '${names.action}' was not activated.`;
        return Promise.resolve({ statusCode: STATUS.applicationError, success: false, error, ...names });
      }
      return invokeRule(deps, caller, rule.action, params, activationId).then((outcome) => ({ ...outcome, ...names }));
    }),
  );

  const record = triggerRecord(
    { namespace: caller.namespace, name: trigger.name, version: trigger.version, subject: caller.subject, activationId },
    start,
    event,
    outcomes,
  );
  await deps.records.save(caller.namespaceId, { type: 'trigger', path: trigger.name }, record);
  return { fired: true, activationId };
}

async function invokeRule(
  deps: InvokeDeps,
  caller: Caller,
  action: string,
  params: Record<string, unknown>,
  cause: string,
): Promise<Omit<RuleOutcome, 'rule' | 'action'>> {
  try {
    const name = parseFullyQualifiedName(action, caller.namespace);
    const invoked = await invokeAction(deps, undefined, {
      caller,
      namespace: name.namespace,
      path: { packageName: name.packageName, name: name.name },
      params,
      blocking: false,
      cause,
    });
    return { statusCode: STATUS.success, success: true, activationId: invoked.activationId };
  } catch (error) {
    // As in OpenWhisk: a refusal (missing action, no access, throttled) is the
    // application's error; anything else is the platform's.
    if (isBriskError(error) && error.kind !== 'internal') {
      return { statusCode: STATUS.applicationError, success: false, error: error.message };
    }
    console.error('core: a rule could not invoke its action', error);
    return { statusCode: STATUS.internalError, success: false, error: 'The action could not be invoked because of an internal error.' };
  }
}

function toObject(parameters: KeyValue[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const { key, value } of parameters) object[key] = value;
  return object;
}
