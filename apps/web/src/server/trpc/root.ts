// The console's API: one router per resource.
import { actionsRouter } from './routers/actions/_router';
import { activationsRouter } from './routers/activations/_router';
import { dashboardRouter } from './routers/dashboard/_router';
import { namespaceRouter } from './routers/namespace/_router';
import { deploymentsRouter } from './routers/deployments/_router';
import { environmentRouter } from './routers/environment/_router';
import { packagesRouter } from './routers/packages/_router';
import { rulesRouter } from './routers/rules/_router';
import { sessionRouter } from './routers/session/_router';
import { testPayloadsRouter } from './routers/test-payloads/_router';
import { triggersRouter } from './routers/triggers/_router';
import { versionsRouter } from './routers/versions/_router';
import { createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  session: sessionRouter,
  actions: actionsRouter,
  versions: versionsRouter,
  testPayloads: testPayloadsRouter,
  environment: environmentRouter,
  activations: activationsRouter,
  dashboard: dashboardRouter,
  packages: packagesRouter,
  triggers: triggersRouter,
  rules: rulesRouter,
  deployments: deploymentsRouter,
  namespace: namespaceRouter,
});

export type AppRouter = typeof appRouter;
