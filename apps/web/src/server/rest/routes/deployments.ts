// Push-to-deploy, Brisk's own API under OpenWhisk's prefix: sources
// (connected repositories), deployments, and GitHub's webhook. The services
// in packages/core/src/deploy do the work.
import {
  acceptWebhook,
  deleteSource,
  getDeployment,
  getDeploymentLogs,
  getSource,
  listDeployments,
  listSources,
  MAX_UPLOAD_BYTES,
  parseListOptions,
  publicBaseUrl,
  putSource,
  startManualDeployment,
  startRollback,
  startUploadDeployment,
} from '@brisk/core';
import { keyRoute, publicRoute, queryFlag } from '../api-route';
import type { WebContext } from '../../context';
import { parseJsonBody } from '../body';

const SOURCE = '/namespaces/{namespace}/sources/{source}';
const DEPLOYMENT = '/namespaces/{namespace}/deployments/{deployment}';
/** GitHub sends at most 25 MB; a push payload is far smaller, but a big push lists many files. */
const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

function baseUrl(context: WebContext, url: URL): string {
  return publicBaseUrl(context.deps.deploySettings, url.origin);
}

export const deploymentRoutes = [
  keyRoute({
    method: 'GET',
    path: '/namespaces/{namespace}/sources',
    summary: 'List connected repositories',
    tag: 'Deployments',
    scope: 'own',
    query: ['limit', 'skip'],
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, url, context }) =>
      Response.json(await listSources(context.deps.db, context.deps.deploySettings, caller, parseListOptions(url.searchParams), baseUrl(context, url))),
  }),
  keyRoute({
    method: 'GET',
    path: SOURCE,
    summary: 'Get a connected repository',
    tag: 'Deployments',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, url, context }) =>
      Response.json(await getSource(context.deps.db, context.deps.deploySettings, caller, params.source, baseUrl(context, url))),
  }),
  keyRoute({
    method: 'PUT',
    path: SOURCE,
    summary: 'Connect a git repository, or update a connected one (the webhook secret is shown when made)',
    tag: 'Deployments',
    scope: 'own',
    query: ['rotateSecret'],
    body: 'Source: {repository, branch, path, token, variables}',
    maxBodyBytes: 1024 * 1024,
    ok: [200],
    handler: async ({ caller, params, url, body, context }) =>
      Response.json(
        await putSource(context.deps.db, context.deps.deploySettings, caller, params.source, body, {
          rotateSecret: queryFlag(url, 'rotateSecret'),
          baseUrl: baseUrl(context, url),
        }),
      ),
  }),
  keyRoute({
    method: 'DELETE',
    path: SOURCE,
    summary: 'Disconnect a repository (undeploy=true also deletes what it deployed)',
    tag: 'Deployments',
    scope: 'own',
    query: ['undeploy'],
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, url, context }) =>
      Response.json(await deleteSource(context.deps, caller, params.source, { undeploy: queryFlag(url, 'undeploy') })),
  }),
  keyRoute({
    method: 'GET',
    path: '/namespaces/{namespace}/deployments',
    summary: 'List deployments, newest first',
    tag: 'Deployments',
    scope: 'own',
    query: ['source', 'limit', 'skip'],
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, url, context }) =>
      Response.json(
        await listDeployments(context.deps.db, caller, { source: url.searchParams.get('source') ?? undefined }, parseListOptions(url.searchParams)),
      ),
  }),
  keyRoute({
    method: 'POST',
    path: '/namespaces/{namespace}/deployments',
    summary: "Deploy a source's commit (its branch head when none is given), or an uploaded project folder (a zip or tar.gz body)",
    tag: 'Deployments',
    scope: 'own',
    query: ['project'],
    body: 'Deployment request {source, commit}, or a zip or tar.gz of a project folder',
    rawBody: true,
    maxBodyBytes: MAX_UPLOAD_BYTES,
    ok: [202],
    handler: async ({ caller, body, url, context }) => {
      const bytes = body as Buffer | undefined;
      const archive = bytes !== undefined && ((bytes[0] === 0x50 && bytes[1] === 0x4b) || (bytes[0] === 0x1f && bytes[1] === 0x8b));
      const deployment = archive
        ? await startUploadDeployment(context.deps.db, context.deps.deployQueue, caller, bytes, { project: url.searchParams.get('project') ?? undefined })
        : await startManualDeployment(context.deps.db, context.deps.deployQueue, caller, bytes ? parseJsonBody(bytes) : undefined);
      return Response.json(deployment, { status: 202 });
    },
  }),
  keyRoute({
    method: 'GET',
    path: DEPLOYMENT,
    summary: 'Get a deployment with its changes',
    tag: 'Deployments',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => Response.json(await getDeployment(context.deps.db, caller, params.deployment)),
  }),
  keyRoute({
    method: 'GET',
    path: `${DEPLOYMENT}/logs`,
    summary: "A deployment's log",
    tag: 'Deployments',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => Response.json(await getDeploymentLogs(context.deps.db, caller, params.deployment)),
  }),
  keyRoute({
    method: 'POST',
    path: `${DEPLOYMENT}/rollback`,
    summary: 'Restore what a deployment left, as a new deployment',
    tag: 'Deployments',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [202],
    handler: async ({ caller, params, context }) =>
      Response.json(await startRollback(context.deps.db, context.deps.deployQueue, caller, params.deployment), { status: 202 }),
  }),
  publicRoute({
    method: 'POST',
    path: '/webhooks/github/{source}',
    summary: "GitHub's push webhook (signed with the source's secret)",
    tag: 'Deployments',
    body: 'GitHub push event',
    maxBodyBytes: MAX_WEBHOOK_BYTES,
    ok: [200, 202],
    handler: async ({ params, headers, body, context }) => {
      const answer = await acceptWebhook(context.deps.db, context.deps.deployQueue, context.deps.deploySettings, { sourceId: params.source, headers, body });
      return Response.json(answer.body, { status: answer.status });
    },
  }),
];
