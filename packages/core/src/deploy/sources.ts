// Sources: git repositories connected to a namespace. Each has a webhook
// (its URL carries the source's id, its secret signs GitHub's deliveries);
// the token, the variables and the secret are sealed at rest and never
// returned, except the secret once, when it is made.
import { randomBytes } from 'node:crypto';
import type { Db } from '@brisk/db';
import { z } from 'zod';
import { describeZodError } from '../entity-schemas.ts';
import { badRequest, notFound, unavailable } from '../errors.ts';
import type { ListOptions } from '../listing.ts';
import type { Caller } from '../namespaces.ts';
import { assertEntityName } from '../names.ts';
import type { CoreDeps } from '../deps.ts';
import { deployProject } from './engine/deploy-project.ts';
import type { EntityChange } from './engine/plan.ts';
import { checkRepositoryUrl } from './git/repository-url.ts';
import { projectOwner } from './project-owner.ts';
import { openSecret, sealSecret } from './secrets.ts';
import type { DeploySettings } from './settings.ts';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_VARIABLES = 200;

const sourcePutSchema = z
  .object({
    /** Required when connecting; absent on an update keeps it (likewise branch and path). */
    repository: z.string().min(1).max(2_000).optional(),
    branch: z.string().min(1).max(255).optional(),
    path: z.string().max(1_000).optional(),
    /** null removes a stored token; absent keeps it. */
    token: z.string().min(1).max(4_096).nullable().optional(),
    /** Replaces every variable; absent keeps them. */
    variables: z.record(z.string(), z.string().max(65_536)).optional(),
  })
  .strict();

export interface SourceDocument {
  namespace: string;
  name: string;
  repository: string;
  branch: string;
  path: string;
  /** Whether a token is stored (it is never shown). */
  token: boolean;
  /** The variables' names (their values are never shown). */
  variables: string[];
  webhook: { url: string; secret?: string };
  created: number;
  updated: number;
}

type SourceRow = NonNullable<Awaited<ReturnType<Db['source']['findFirst']>>>;

export function webhookPath(sourceId: string): string {
  return `/api/v1/webhooks/github/${sourceId}`;
}

function requireKey(settings: DeploySettings): Buffer {
  if (!settings.secretsKey) {
    throw unavailable('Sources cannot be connected: the operator has not set BRISK_SECRETS_KEY (npm start makes one).');
  }
  return settings.secretsKey;
}

/** A git branch name as `git check-ref-format --branch` would allow, and no option look-alikes. */
function assertBranch(branch: string): void {
  const bad =
    branch.startsWith('-') ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.') ||
    branch.endsWith('.lock') ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.includes('@{') ||
    /[\s~^:?*[\\]|\p{Cc}/u.test(branch);
  if (bad) throw badRequest(`"${branch}" is not a git branch name.`);
}

/** The project's folder inside the repository: relative, without "..". */
function normalizeProjectPath(path: string): string {
  const trimmed = path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.') return '';
  const parts = trimmed.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..') || /\p{Cc}|\\/u.test(trimmed)) {
    throw badRequest(`The path "${path}" is not a folder inside the repository: give it relative to the repository's root, without "..".`);
  }
  return parts.join('/');
}

function assertVariables(variables: Record<string, string>): void {
  const names = Object.keys(variables);
  if (names.length > MAX_VARIABLES) throw badRequest(`A source may have at most ${MAX_VARIABLES} variables; this one has ${names.length}.`);
  const bad = names.find((name) => !VARIABLE_NAME.test(name));
  if (bad !== undefined) throw badRequest(`The variable name "${bad}" is not valid: use letters, digits and '_', not starting with a digit.`);
}

/**
 * Connects a repository, or updates a connected one. What the body leaves
 * out is kept. The webhook secret is made on creation and, on request,
 * rotated; only then is it in the answer.
 */
export async function putSource(
  db: Db,
  settings: DeploySettings,
  caller: Caller,
  name: string,
  body: unknown,
  options: { rotateSecret: boolean; baseUrl: string },
): Promise<SourceDocument> {
  assertEntityName(name, 'source');
  const key = requireKey(settings);
  const parsed = sourcePutSchema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest(`The source is not valid: ${describeZodError(parsed.error)}`);
  const put = parsed.data;
  const existing = await db.source.findUnique({ where: { namespaceId_name: { namespaceId: caller.namespaceId, name } } });
  const repositoryText = put.repository ?? existing?.repository;
  if (repositoryText === undefined) throw badRequest('A source needs a repository: the git URL to deploy from.');
  // Checked again on every update: the operator's setting may have changed since.
  const repository = (await checkRepositoryUrl(repositoryText, { allowPrivateNetwork: settings.allowPrivateNetwork })).toString();
  const branch = put.branch ?? existing?.branch ?? 'main';
  assertBranch(branch);
  const path = normalizeProjectPath(put.path ?? existing?.path ?? '');
  if (put.variables) assertVariables(put.variables);

  const secret = !existing || options.rotateSecret ? randomBytes(32).toString('hex') : undefined;
  const data = {
    repository,
    branch,
    path,
    ...(put.token !== undefined ? { tokenSealed: put.token === null ? null : sealSecret(key, put.token) } : {}),
    ...(put.variables !== undefined ? { variablesSealed: sealSecret(key, JSON.stringify(put.variables)) } : {}),
    ...(secret ? { webhookSecretSealed: sealSecret(key, secret) } : {}),
  };
  const row = existing
    ? await db.source.update({ where: { id: existing.id }, data })
    : await db.source.create({ data: { ...data, webhookSecretSealed: data.webhookSecretSealed!, namespaceId: caller.namespaceId, name } });
  return toSourceDocument(caller.namespace, row, key, options.baseUrl, secret);
}

export async function getSource(db: Db, settings: DeploySettings, caller: Caller, name: string, baseUrl: string): Promise<SourceDocument> {
  return toSourceDocument(caller.namespace, await findSource(db, caller, name), requireKey(settings), baseUrl);
}

export async function listSources(db: Db, settings: DeploySettings, caller: Caller, options: ListOptions, baseUrl: string): Promise<SourceDocument[]> {
  const key = requireKey(settings);
  const rows = await db.source.findMany({ where: { namespaceId: caller.namespaceId }, orderBy: { name: 'asc' }, take: options.limit, skip: options.skip });
  return rows.map((row) => toSourceDocument(caller.namespace, row, key, baseUrl));
}

export async function findSource(db: Db, caller: Caller, name: string): Promise<SourceRow> {
  assertEntityName(name, 'source');
  const row = await db.source.findUnique({ where: { namespaceId_name: { namespaceId: caller.namespaceId, name } } });
  if (!row) throw notFound(`The source ${name} does not exist.`);
  return row;
}

/**
 * Disconnects a source. With `undeploy`, the entities its project manages go
 * too (the project is deployed empty, in one transaction); otherwise they
 * stay, still marked as the project's.
 */
export async function deleteSource(
  deps: Pick<CoreDeps, 'db' | 'redis' | 'redisPrefix' | 'invocables'>,
  caller: Caller,
  name: string,
  options: { undeploy: boolean },
): Promise<{ name: string; undeployed: EntityChange[] }> {
  const source = await findSource(deps.db, caller, name);
  let undeployed: EntityChange[] = [];
  if (options.undeploy) {
    const projects = await deps.db.deployment.findMany({
      where: { sourceId: source.id, status: 'succeeded' },
      distinct: ['project'],
      select: { project: true, id: true },
    });
    for (const { project, id } of projects) {
      // Only a project this source still owns: another source may have deployed it since.
      if ((await projectOwner(deps.db, caller.namespaceId, project))?.sourceId !== source.id) continue;
      const empty = { name: project, packages: [], actions: [], triggers: [], rules: [] };
      undeployed = [...undeployed, ...(await deployProject(deps, caller, empty, { deploymentId: id }))];
    }
  }
  await deps.db.source.delete({ where: { id: source.id } });
  return { name: source.name, undeployed: undeployed.filter((change) => change.change === 'deleted') };
}

/** What a deployment needs of a source, unsealed; only the worker and the webhook call this. */
export function unsealSource(key: Buffer, row: SourceRow): { token?: string; variables: Record<string, string>; webhookSecret: string } {
  return {
    token: row.tokenSealed ? openSecret(key, row.tokenSealed) : undefined,
    variables: row.variablesSealed ? (JSON.parse(openSecret(key, row.variablesSealed)) as Record<string, string>) : {},
    webhookSecret: openSecret(key, row.webhookSecretSealed),
  };
}

function toSourceDocument(namespace: string, row: SourceRow, key: Buffer, baseUrl: string, secret?: string): SourceDocument {
  const variables = row.variablesSealed ? Object.keys(JSON.parse(openSecret(key, row.variablesSealed)) as object).sort() : [];
  return {
    namespace,
    name: row.name,
    repository: row.repository,
    branch: row.branch,
    path: row.path,
    token: row.tokenSealed !== null,
    variables,
    webhook: { url: `${baseUrl}${webhookPath(row.id)}`, ...(secret ? { secret } : {}) },
    created: row.createdAt.getTime(),
    updated: row.updatedAt.getTime(),
  };
}
