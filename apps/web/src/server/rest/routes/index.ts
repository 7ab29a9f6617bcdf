// Every route of the OpenWhisk REST API under /api/v1 (and the operator's,
// /api/v1/admin), in one table: the
// dispatcher serves from it, the OpenAPI document describes it, and the
// auth test walks it.
import { platformInfo } from '@brisk/core';
import { publicRoute, type ApiRoute } from '../api-route';
import { openApiDocument } from '../openapi';
import { actionRoutes } from './actions';
import { adminRoutes } from './admin';
import { apiManagementRoutes, gatewayRoutes } from './api-gateway';
import { activationRoutes } from './activations';
import { deploymentRoutes } from './deployments';
import { environmentRoutes } from './environment';
import { namespaceRoutes } from './namespaces';
import { packageRoutes } from './packages';
import { ruleRoutes } from './rules';
import { triggerRoutes } from './triggers';
import { webActionRoutes } from './web-actions';

export const API_ROUTES: readonly ApiRoute[] = [
  publicRoute({
    method: 'GET',
    path: '/',
    summary: 'Platform information: API paths, runtimes, limits',
    tag: 'Platform',
    maxBodyBytes: 0,
    ok: [200],
    handler: async () => Response.json(platformInfo()),
  }),
  ...namespaceRoutes,
  ...actionRoutes,
  ...environmentRoutes,
  ...packageRoutes,
  ...triggerRoutes,
  ...ruleRoutes,
  ...activationRoutes,
  // Ahead of the web action route, which would otherwise take these paths.
  ...apiManagementRoutes,
  ...webActionRoutes,
  ...gatewayRoutes,
  ...deploymentRoutes,
  ...adminRoutes,
  publicRoute({
    method: 'GET',
    path: '/api-docs',
    summary: 'This OpenAPI document',
    tag: 'Platform',
    maxBodyBytes: 0,
    ok: [200],
    handler: async () => Response.json(openApiDocument(API_ROUTES)),
  }),
];
