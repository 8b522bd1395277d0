import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { complianceDashboardPermissions } from '@pbc-portal/plugin-compliance-dashboard-common';
import { readComplianceDashboardConfig } from './config';
import { createRouter } from './router/createRouter';
import { REFRESH_TASK_ID } from './service/RefreshCoordinator';
import { complianceDashboardServiceRef } from './service/serviceRefs';

/**
 * The compliance dashboard backend: reads AWS Config and CloudTrail for the
 * catalog's PBCs on a schedule, keeps snapshots in its database and serves
 * them behind the permission framework at /api/compliance-dashboard.
 *
 * @public
 */
export const complianceDashboardPlugin = createBackendPlugin({
  pluginId: 'compliance-dashboard',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        service: complianceDashboardServiceRef,
      },
      async init({
        config,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        scheduler,
        service,
      }) {
        permissionsRegistry.addPermissions(complianceDashboardPermissions);

        const { schedule } = readComplianceDashboardConfig(config);
        await scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          ...schedule,
          // One run per interval across all replicas sharing the database.
          scope: 'global',
          fn: async signal => {
            await service.runScheduledRefresh(signal);
          },
        });

        httpRouter.use(await createRouter({ httpAuth, permissions, service }));
        // Liveness only; the freshness with accounts is GET /status.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
