import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { complianceDashboardPermissions } from '@pbc-portal/plugin-compliance-dashboard-common';
import { readComplianceDashboardConfig } from './config';
import { createRouter } from './router/createRouter';
import { REFRESH_TASK_ID } from './service/RefreshCoordinator';
import {
  complianceDashboardServiceRef,
  complianceReaderServiceRef,
} from './service/serviceRefs';
import { catalogChangeWatcherServiceRef } from './trigger/catalogWatchServiceRef';
import { startPushConsumer } from './push/startPushConsumer';
import { PushConsumer } from './push/PushConsumer';
import { pushConsumerStatus } from './push/pushStatus';
import { PushedEventRecorder } from './push/PushedEventRecorder';
import { startHistoryBackfill } from './history/startHistoryBackfill';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { registerComplianceActions } from './actions/registerComplianceActions';
import { notificationService } from '@backstage/plugin-notifications-node';
import { startNotifications } from './notifications/startNotifications';
import { readExemptionSettings } from './exemptions/config';
import { createExemptionRouter } from './exemptions/createExemptionRouter';
import { ExemptionService } from './exemptions/ExemptionService';
import { notifyingExemptionListener } from './exemptions/notifyingListener';
import {
  exemptionListenerServiceRef,
  exemptionStoreServiceRef,
  pluginClockServiceRef,
} from './exemptions/serviceRefs';

const CATALOG_POLL_TASK_ID = 'compliance-dashboard-catalog-poll';
/** Records expired and expiring-soon exemptions and tells the listener. */
export const EXEMPTION_SWEEP_TASK_ID = 'compliance-dashboard-exemption-sweep';

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
        catalogWatcher: catalogChangeWatcherServiceRef,
        reader: complianceReaderServiceRef,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        database: coreServices.database,
        notifications: notificationService,
        exemptionStore: exemptionStoreServiceRef,
        exemptionListener: exemptionListenerServiceRef,
        clock: pluginClockServiceRef,
      },
      async init({
        config,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        scheduler,
        service,
        catalogWatcher,
        reader,
        logger,
        lifecycle,
        auth,
        catalog,
        actionsRegistry,
        database,
        notifications,
        exemptionStore,
        exemptionListener,
        clock,
      }) {
        permissionsRegistry.addPermissions(complianceDashboardPermissions);

        // Owners hear of regressions after each refresh (registered before
        // the refresh task, so its first run is the baseline); the weekly digest.
        // Its exemption notices are told by the exemptions' sweep (below).
        const notifier = await startNotifications({
          config,
          logger,
          scheduler,
          database,
          notifications,
          service,
        });

        const { schedule, catalogPoll } = readComplianceDashboardConfig(config);
        await scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          ...schedule,
          // One run per interval across all replicas sharing the database.
          scope: 'global',
          fn: async signal => {
            await service.runScheduledRefresh(signal);
          },
        });

        if (catalogPoll) {
          // Per replica: a PBC added to the catalog is read within one poll
          // (the refresh itself stays one run per cluster).
          await scheduler.scheduleTask({
            id: CATALOG_POLL_TASK_ID,
            frequency: catalogPoll,
            timeout: { minutes: 1 },
            initialDelay: catalogPoll,
            scope: 'local',
            fn: async () => {
              await catalogWatcher.check(() => service.requestRefresh());
            },
          });
        }

        // Past scores from AWS Config for PBCs without history.
        await startHistoryBackfill({
          config,
          logger,
          scheduler,
          store: service.store,
          catalog,
          auth,
        });

        // Events pushed in, if a queue is configured; the schedule stays.
        const stopPush: Array<() => void> = [];
        let consumer: PushConsumer | undefined;
        lifecycle.addStartupHook(() => {
          consumer = startPushConsumer({
            config,
            logger,
            reader,
            // The consumer is the plugin itself, not a user: it sees every account.
            service: {
              requestRefresh: () => service.requestRefresh(),
              getRefresh: id =>
                service.getRefresh(id, { allowedRefs: async () => 'all' }),
              recorder: resourcesOf => {
                const settings = readComplianceDashboardConfig(config);
                return new PushedEventRecorder({
                  store: service.store,
                  risk: settings.risk,
                  riskyEventDays: settings.riskyEventDays,
                  resourcesOf,
                  onRecorded: () => service.pushedEventsRecorded(),
                });
              },
            },
            onShutdown: hook => stopPush.push(hook),
          });
        });
        lifecycle.addShutdownHook(() => stopPush.forEach(stop => stop()));

        const exemptions = new ExemptionService({
          store: exemptionStore,
          settings: readExemptionSettings(config),
          now: clock.now,
          controlsOf: ref => service.controlIdsOf(ref),
          listener: notifyingExemptionListener({
            base: exemptionListener,
            notifier: notifier.exemptions,
            ownerOf: async ref => (await service.getPbc(ref)).summary.owner,
            logger,
          }),
          logger,
        });
        await scheduler.scheduleTask({
          id: EXEMPTION_SWEEP_TASK_ID,
          frequency: { minutes: 10 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          // Steps are recorded conditionally; one sweep per interval is enough.
          scope: 'global',
          fn: async () => {
            const swept = await exemptions.sweep();
            if (swept.expired || swept.expiringSoon) {
              logger.info(
                `Exemptions: ${swept.expired} expired, ${swept.expiringSoon} expiring soon`,
              );
            }
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            service,
            pushStatus: () => pushConsumerStatus(consumer),
          }),
        );
        // The same reads for assistants (MCP via the mcp-actions backend).
        registerComplianceActions({
          actionsRegistry,
          permissions,
          service,
          appBaseUrl: config.getOptionalString('app.baseUrl'),
        });
        httpRouter.use(
          await createExemptionRouter({
            httpAuth,
            permissions,
            exemptions,
            controlIdsOf: ref => service.controlIdsOf(ref),
            movableClock: clock.movable,
          }),
        );
        // Liveness only; the freshness with accounts is GET /status.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
