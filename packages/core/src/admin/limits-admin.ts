// A namespace's throttles and retention as an operator sets them (OpenWhisk's
// `wskadmin limits`): each is the namespace's own value or, when unset (null),
// the platform's default from the environment.
import type { Db } from '@brisk/db';
import { z } from 'zod';
import { badRequest } from '../errors.ts';
import { describeZodError } from '../entity-schemas.ts';
import { type PlatformSize, platformSize } from '../machine-limits.ts';
import { defaultLimits, forgetNamespaceLimits, type NamespaceLimits } from '../throttles.ts';
import type { AdminDeps } from './admin-deps.ts';
import { findNamespace } from './namespace-admin.ts';
import { noteNamespaceChanged } from './namespace-changes.ts';

export type LimitName = keyof NamespaceLimits;

/** The largest value a limit column holds (Postgres integer). */
const MAX_INT = 2_147_483_647;

// 0 is allowed for the throttles: it refuses every invocation or fire, a way to suspend a namespace.
const limitValue = (min: number, max = MAX_INT) => z.number().int().min(min).max(max).nullable().optional();

/** A change of limits: a number sets one, null puts it back to the platform's default, absent leaves it. */
export const limitsChangeSchema = z
  .strictObject({
    invocationsPerMinute: limitValue(0),
    concurrentInvocations: limitValue(0),
    firesPerMinute: limitValue(0),
    activationRetentionDays: limitValue(1, 36_500),
  })
  .refine((change) => Object.values(change).some((value) => value !== undefined), { message: 'name at least one limit to set' });

export type LimitsChange = z.infer<typeof limitsChangeSchema>;

export const LIMIT_NAMES: readonly LimitName[] = ['invocationsPerMinute', 'concurrentInvocations', 'firesPerMinute', 'activationRetentionDays'];

export interface LimitsView {
  namespace: string;
  /** What applies: the namespace's own value, else the default. */
  effective: NamespaceLimits;
  /** The namespace's own values; null where the platform's default applies. */
  own: Record<LimitName, number | null>;
  /** The platform's defaults, from this process's environment. */
  defaults: NamespaceLimits;
  /** What the defaults not set by env are sized to (machine-limits.ts). */
  size: PlatformSize;
}

const SELECT = { name: true, invocationsPerMinute: true, concurrentInvocations: true, firesPerMinute: true, activationRetentionDays: true } as const;

function view(row: { name: string } & Record<LimitName, number | null>, env?: NodeJS.ProcessEnv): LimitsView {
  const defaults = defaultLimits(env);
  const own = Object.fromEntries(LIMIT_NAMES.map((name) => [name, row[name]])) as Record<LimitName, number | null>;
  const effective = Object.fromEntries(LIMIT_NAMES.map((name) => [name, row[name] ?? defaults[name]])) as unknown as NamespaceLimits;
  return { namespace: row.name, effective, own, defaults, size: platformSize(env) };
}

/** A namespace's limits, read fresh from Postgres (not the throttles' cache). */
export async function getLimitsById(db: Db, namespaceId: string): Promise<LimitsView> {
  const row = await db.namespace.findUniqueOrThrow({ where: { id: namespaceId }, select: SELECT });
  return view(row);
}

export async function getLimits(db: Db, namespace: string): Promise<LimitsView> {
  const { id } = await findNamespace(db, namespace);
  return getLimitsById(db, id);
}

export interface SetLimitsResult extends LimitsView {
  /** Whether the web replicas were told at once; if not, they apply the change within 10 s. */
  notified: boolean;
}

/** Changes some of a namespace's limits (400 naming a bad value, nothing written); every replica applies them at once. */
export async function setLimits(
  deps: Pick<AdminDeps, 'db' | 'redis' | 'redisPrefix' | 'forgetNamespace'>,
  namespace: string,
  change: unknown,
): Promise<SetLimitsResult> {
  const parsed = limitsChangeSchema.safeParse(change);
  if (!parsed.success) throw badRequest(`The limits are not valid: ${describeZodError(parsed.error)}`);
  const { id } = await findNamespace(deps.db, namespace);
  const row = await deps.db.namespace.update({ where: { id }, data: parsed.data, select: SELECT });
  forgetNamespaceLimits(id);
  return { ...view(row), notified: await noteNamespaceChanged(deps, id) };
}
