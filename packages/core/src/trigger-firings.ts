// What a trigger fired: its recent activations, each with the rules it
// fired (read back from the trigger activation's log lines, which
// trigger-fire.ts writes as one JSON object per rule) and the state of the
// action activations they started.
import type { Db } from '@brisk/db';
import { z } from 'zod';
import { assertEntityName } from './names.ts';
import type { Caller } from './namespaces.ts';
import type { RuleOutcome } from './trigger-fire.ts';

const ruleOutcomeSchema = z.object({
  statusCode: z.number(),
  success: z.boolean(),
  activationId: z.string().optional(),
  error: z.string().optional(),
  rule: z.string(),
  action: z.string(),
}) satisfies z.ZodType<RuleOutcome>;

/** One rule a firing went through. */
export interface RuleFiring extends RuleOutcome {
  /**
   * The statusCode of the action activation the rule started, once it is
   * recorded; null while it is still queued or running, or when none started.
   */
  actionStatusCode: number | null;
}

export interface TriggerFiring {
  /** The trigger activation's id. */
  activationId: string;
  start: number;
  /** The event payload (the trigger activation's result). */
  payload: unknown;
  rules: RuleFiring[];
}

/**
 * Parses one line of a trigger activation's logs; undefined for a line that
 * is not a rule outcome (so an odd record cannot break the page).
 */
export function parseRuleOutcome(line: string): RuleOutcome | undefined {
  try {
    const parsed = ruleOutcomeSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The latest firings of the caller's trigger `name`, newest first, with what
 * each rule did. Firings that found no active rule were never recorded, so
 * they do not appear.
 */
export async function listTriggerFirings(db: Db, caller: Caller, name: string, options: { limit: number }): Promise<TriggerFiring[]> {
  assertEntityName(name, 'trigger');
  const rows = await db.activation.findMany({
    where: { namespaceId: caller.namespaceId, entityType: 'trigger', path: name },
    select: { activationId: true, start: true, result: true, logs: true },
    orderBy: [{ start: 'desc' }, { activationId: 'desc' }],
    take: options.limit,
  });
  const firings = rows.map((row) => ({
    activationId: row.activationId,
    start: row.start.getTime(),
    payload: row.result,
    outcomes: row.logs.map(parseRuleOutcome).filter((outcome): outcome is RuleOutcome => outcome !== undefined),
  }));
  const started = firings.flatMap((firing) => firing.outcomes.flatMap((outcome) => (outcome.activationId ? [outcome.activationId] : [])));
  const recorded = started.length
    ? await db.activation.findMany({
        where: { namespaceId: caller.namespaceId, activationId: { in: started } },
        select: { activationId: true, statusCode: true },
      })
    : [];
  const statusById = new Map(recorded.map((row) => [row.activationId, row.statusCode]));
  return firings.map(({ outcomes, ...firing }) => ({
    ...firing,
    rules: outcomes.map((outcome) => ({ ...outcome, actionStatusCode: outcome.activationId ? (statusById.get(outcome.activationId) ?? null) : null })),
  }));
}
