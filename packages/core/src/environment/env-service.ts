// Reading and changing the environment variables of an action or a package.
// Values go in, never out: reads answer names only (the console shows them
// masked). A change takes a set of names -> new value (a string) or null
// (delete); names not mentioned are kept. Everything is checked before the
// one conditional write, so a bad request writes nothing.
import type { Db } from '@brisk/db';
import { badRequest, conflict, notFound, tooLarge, unavailable } from '../errors.ts';
import { formatEntityPath, type EntityPath } from '../names.ts';
import type { Caller } from '../namespaces.ts';
import { ENV_LIMITS, envNameProblem, envValueProblem, utf8Bytes } from './env-rules.ts';
import { sealedSecretBytes, sealSecret } from '../deploy/secrets.ts';
import { newEnvStamp, sealedEnvironment, type SealedEnvironment } from './env-seal.ts';

/** What reads answer: the names, each marked as set; never a value. */
export interface EnvironmentListing {
  variables: { name: string; set: true }[];
}

export type EnvironmentChanges = Record<string, string | null>;

export interface EnvironmentDeps {
  db: Db;
  /** BRISK_SECRETS_KEY; without it values cannot be stored (deleting still works). */
  secretsKey?: Buffer | undefined;
}

/**
 * Checks a change's body: an object whose keys are valid names and whose
 * values are strings (set) or null (delete). Every problem is named at once.
 */
export function parseEnvironmentChanges(body: unknown): EnvironmentChanges {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The body must be a JSON object of environment variables: {"NAME": "value"} sets one, {"NAME": null} deletes it.');
  }
  const problems: string[] = [];
  const changes: EnvironmentChanges = {};
  for (const [name, value] of Object.entries(body)) {
    const nameProblem = envNameProblem(name);
    if (nameProblem) problems.push(nameProblem);
    else if (value === null) changes[name] = null;
    else if (typeof value !== 'string')
      problems.push(`the value of ${name} must be a string (or null to delete it), not ${Array.isArray(value) ? 'an array' : typeof value}`);
    else {
      const valueProblem = envValueProblem(name, value);
      if (valueProblem) problems.push(valueProblem);
      else changes[name] = value;
    }
  }
  if (problems.length > 0) throw badRequest(`Environment variables not changed: ${problems.join('; ')}.`);
  return changes;
}

function listing(sealed: SealedEnvironment): EnvironmentListing {
  return {
    variables: Object.keys(sealed)
      .sort()
      .map((name) => ({ name, set: true as const })),
  };
}

/** The stored set with the changes applied, sealed, within the bounds. */
function applyChanges(deps: EnvironmentDeps, current: SealedEnvironment, changes: EnvironmentChanges, what: string): SealedEnvironment {
  const next: SealedEnvironment = { ...current };
  const setting = Object.values(changes).some((value) => value !== null);
  if (setting && !deps.secretsKey)
    throw unavailable('Environment variables cannot be stored: the operator has not set BRISK_SECRETS_KEY (npm start makes one).');
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete next[name];
    else next[name] = sealSecret(deps.secretsKey!, value);
  }
  const names = Object.keys(next);
  if (names.length > ENV_LIMITS.maxVariables)
    throw badRequest(`${what} would have ${names.length} environment variables; at most ${ENV_LIMITS.maxVariables} are allowed.`);
  const total = names.reduce((sum, name) => sum + utf8Bytes(name) + sealedSecretBytes(next[name]!), 0);
  if (total > ENV_LIMITS.maxTotalBytes)
    throw tooLarge(`${what}'s environment variables would take ${total} bytes; at most ${ENV_LIMITS.maxTotalBytes} are allowed.`);
  return next;
}

/** Tries a read-modify-write a few times: a concurrent change makes the conditional update miss. */
async function writeWithRetry(attempt: () => Promise<EnvironmentListing | undefined>): Promise<EnvironmentListing> {
  for (let round = 0; round < 3; round++) {
    const done = await attempt();
    if (done) return done;
  }
  throw conflict('The environment variables were changed by someone else at the same time; try again.');
}

/** The names of an action's own variables (not its package's). */
export async function getActionEnvironment(db: Db, caller: Caller, path: EntityPath): Promise<EnvironmentListing> {
  const row = await db.action.findUnique({
    where: { namespaceId_packageName_name: { namespaceId: caller.namespaceId, packageName: path.packageName, name: path.name } },
    select: { environment: true },
  });
  if (!row) throw notFound(`The action ${formatEntityPath(path)} does not exist.`);
  return listing(sealedEnvironment(row.environment));
}

/** Changes an action's variables; the next activation gets a container made with them. */
export async function putActionEnvironment(deps: EnvironmentDeps, caller: Caller, path: EntityPath, body: unknown): Promise<EnvironmentListing> {
  const changes = parseEnvironmentChanges(body);
  const name = formatEntityPath(path);
  const where = { namespaceId_packageName_name: { namespaceId: caller.namespaceId, packageName: path.packageName, name: path.name } };
  return writeWithRetry(async () => {
    const row = await deps.db.action.findUnique({ where, select: { id: true, environment: true, envStamp: true } });
    if (!row) throw notFound(`The action ${name} does not exist.`);
    const next = applyChanges(deps, sealedEnvironment(row.environment), changes, `The action ${name}`);
    const written = await deps.db.action.updateMany({
      where: { id: row.id, envStamp: row.envStamp },
      data: { environment: next, envStamp: newEnvStamp(next) },
    });
    return written.count === 1 ? listing(next) : undefined;
  });
}

/** The names of a package's variables. */
export async function getPackageEnvironment(db: Db, caller: Caller, packageName: string): Promise<EnvironmentListing> {
  const row = await db.package.findUnique({
    where: { namespaceId_name: { namespaceId: caller.namespaceId, name: packageName } },
    select: { environment: true },
  });
  if (!row) throw notFound(`The package ${packageName} does not exist.`);
  return listing(sealedEnvironment(row.environment));
}

/** Changes a package's variables, which every action of the package gets below its own. Not for bindings. */
export async function putPackageEnvironment(deps: EnvironmentDeps, caller: Caller, packageName: string, body: unknown): Promise<EnvironmentListing> {
  const changes = parseEnvironmentChanges(body);
  return writeWithRetry(async () => {
    const row = await deps.db.package.findUnique({
      where: { namespaceId_name: { namespaceId: caller.namespaceId, name: packageName } },
      select: { id: true, environment: true, envStamp: true, bindingName: true },
    });
    if (!row) throw notFound(`The package ${packageName} does not exist.`);
    if (row.bindingName !== null) {
      throw badRequest(`The package ${packageName} is a binding: its actions run in the bound package, so set environment variables there.`);
    }
    const next = applyChanges(deps, sealedEnvironment(row.environment), changes, `The package ${packageName}`);
    const written = await deps.db.package.updateMany({
      where: { id: row.id, envStamp: row.envStamp },
      data: { environment: next, envStamp: newEnvStamp(next) },
    });
    return written.count === 1 ? listing(next) : undefined;
  });
}
