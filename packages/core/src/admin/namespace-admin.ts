// Namespaces as an operator manages them (OpenWhisk's `wskadmin user`):
// create one with its first key, list them, delete one with everything in it.
import { Prisma } from '@brisk/db';
import type { Db } from '@brisk/db';
import { formatApiKey, generateApiKey, hashSecret } from '../auth.ts';
import { badRequest, conflict, forbidden, notFound } from '../errors.ts';
import type { AlarmConfig } from '../feeds/alarm-config.ts';
import { unscheduleAlarm } from '../feeds/alarm-schedules.ts';
import { noteActionsChanged } from '../invocable-cache.ts';
import { assertEntityName } from '../names.ts';
import { GUEST_NAMESPACE, SYSTEM_NAMESPACE } from '../namespaces.ts';
import type { AdminDeps } from './admin-deps.ts';
import { noteNamespaceChanged } from './namespace-changes.ts';

/** The API's rule for names, and `_`, which every API path reads as "the caller's own namespace". */
export function assertNamespaceName(name: string): void {
  assertEntityName(name, 'namespace');
  if (name === '_') throw badRequest('The namespace name "_" is not valid: in API paths "_" stands for the caller\'s own namespace.');
}

/** A new key, in clear: shown once, only its hash is kept. */
export interface CreatedKey {
  namespace: string;
  uuid: string;
  /** `uuid:secret`, as clients (wsk's AUTH) take it. */
  key: string;
}

/** Creates a namespace with its first key; 409 when the name is taken (whisk.system included). */
export async function createNamespace(db: Db, name: string): Promise<CreatedKey> {
  assertNamespaceName(name);
  const key = generateApiKey();
  try {
    await db.namespace.create({ data: { name, keys: { create: { uuid: key.uuid, secretHash: hashSecret(key.secret) } } }, select: { id: true } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(`The namespace "${name}" already exists.`);
    throw error;
  }
  return { namespace: name, uuid: key.uuid, key: formatApiKey(key) };
}

export interface NamespaceSummary {
  name: string;
  createdAt: string;
  /** Keys people hold (the key the platform keeps for the namespace's actions is not counted). */
  keys: number;
  /** Whether any limit is the namespace's own rather than the platform's default. */
  ownLimits: boolean;
}

export async function listNamespaces(db: Db): Promise<NamespaceSummary[]> {
  const rows = await db.namespace.findMany({
    orderBy: { name: 'asc' },
    select: {
      name: true,
      createdAt: true,
      invocationsPerMinute: true,
      concurrentInvocations: true,
      firesPerMinute: true,
      activationRetentionDays: true,
      _count: { select: { keys: { where: { actionKey: { is: null } } } } },
    },
  });
  return rows.map((row) => ({
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    keys: row._count.keys,
    ownLimits: [row.invocationsPerMinute, row.concurrentInvocations, row.firesPerMinute, row.activationRetentionDays].some((value) => value !== null),
  }));
}

/** Finds a namespace by name, or 404 saying which. */
export async function findNamespace(db: Db, name: string): Promise<{ id: string; name: string }> {
  assertNamespaceName(name);
  const row = await db.namespace.findUnique({ where: { name }, select: { id: true, name: true } });
  if (!row) throw notFound(`There is no namespace "${name}".`);
  return row;
}

/** Namespaces an operator may not delete, and why. */
const UNDELETABLE: Record<string, string> = {
  [SYSTEM_NAMESPACE]: `The namespace "${SYSTEM_NAMESPACE}" holds the platform's catalog (every worker deploys it again at start) and cannot be deleted.`,
  [GUEST_NAMESPACE]: `The namespace "${GUEST_NAMESPACE}" is the development namespace \`npm start\` seeds (it would be made again at the next start); revoke its keys to shut it.`,
};

export interface DeletedNamespace {
  namespace: string;
  deleted: { keys: number; actions: number; packages: number; triggers: number; rules: number; activations: number };
  /** Whether the web replicas (and the alarm schedules) were told at once; if not, they catch up within 10 s (alarms at their next tick). */
  notified: boolean;
}

const ACTIVATION_BATCH = 5_000;

/**
 * Deletes a namespace and everything in it: keys, packages, actions and their
 * versions, triggers and their alarms, rules, sources and deployments, API
 * routes, activation records. The entities go in one transaction; activation
 * records (possibly millions) first, in batches, as retention removes them,
 * so the transaction stays short. Every replica then forgets the namespace's
 * keys and resolved actions (other namespaces may have used its published
 * packages).
 */
export async function deleteNamespace(deps: AdminDeps, name: string): Promise<DeletedNamespace> {
  assertNamespaceName(name);
  const refusal = UNDELETABLE[name];
  if (refusal) throw forbidden(refusal);
  const { id } = await findNamespace(deps.db, name);
  let activations = 0;
  for (;;) {
    const count = await deps.db.$executeRaw(Prisma.sql`
      DELETE FROM "Activation" WHERE "activationId" IN (
        SELECT "activationId" FROM "Activation" WHERE "namespaceId" = ${id}::uuid LIMIT ${ACTIVATION_BATCH}
      )`);
    activations += count;
    if (count < ACTIVATION_BATCH) break;
  }
  const { feeds, deleted } = await deps.db.$transaction(async (tx) => {
    const where = { namespaceId: id };
    const [keys, packages, triggers, rules, feeds] = await Promise.all([
      tx.apiKey.count({ where: { ...where, actionKey: { is: null } } }),
      tx.package.count({ where }),
      tx.trigger.count({ where }),
      tx.rule.count({ where }),
      tx.triggerFeed.findMany({ where: { trigger: where }, select: { triggerId: true, config: true } }),
    ]);
    // Actions restrict their package's deletion, and deployments point at their
    // source: removing them first leaves the cascade nothing to order.
    const actions = (await tx.action.deleteMany({ where })).count;
    await tx.deployment.deleteMany({ where });
    const rest = (await tx.activation.deleteMany({ where })).count;
    await tx.namespace.delete({ where: { id } });
    return { feeds, deleted: { keys, actions, packages, triggers, rules, activations: activations + rest } };
  });
  // After the commit: a schedule left behind (Redis down) finds no trigger at its next tick and removes itself.
  let unscheduled = true;
  for (const feed of feeds) {
    await unscheduleAlarm(deps.alarmQueue, feed.triggerId, feed.config as unknown as AlarmConfig).catch(() => (unscheduled = false));
  }
  const told = await noteNamespaceChanged(deps, id);
  const actionsTold = await noteActionsChanged(deps).then(
    () => true,
    () => false,
  );
  return { namespace: name, deleted, notified: unscheduled && told && actionsTold };
}
