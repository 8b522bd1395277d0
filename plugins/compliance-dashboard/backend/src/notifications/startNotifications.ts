import {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { readComplianceDashboardConfig } from '../config';
import { ComplianceService } from '../service/ComplianceService';
import { Clock, systemClock } from '../util/clock';
import { readNotificationsConfig } from './config';
import { createExemptionNotifier, ExemptionNotifier } from './exemptionNotices';
import { NotificationStateStore } from './NotificationStateStore';
import { NotifierDeps } from './notifierDeps';
import { RefreshNotifier } from './RefreshNotifier';
import { WeeklyDigest } from './WeeklyDigest';

export const DIGEST_TASK_ID = 'compliance-dashboard-weekly-digest';

/**
 * Notifications of the dashboard: regressions after each refresh (a listener
 * on the refresh coordinator), the weekly digest (a global task, when
 * enabled) and the exemption notices, returned for the exemptions to call.
 */
export async function startNotifications(options: {
  config: Config;
  logger: LoggerService;
  scheduler: SchedulerService;
  database: DatabaseService;
  notifications: NotificationService;
  service: ComplianceService;
  now?: Clock;
}): Promise<{ exemptions: ExemptionNotifier }> {
  const { config, logger, scheduler, notifications, service } = options;
  const now = options.now ?? systemClock;
  const settings = readNotificationsConfig(config);
  const exemptions = createExemptionNotifier({ notifications });
  if (!settings.enabled) {
    logger.info('Compliance notifications are off (notifications.enabled)');
    // Off means off: the exemptions' sweep tells nobody either.
    return {
      exemptions: {
        exemptionExpiringSoon: async () => {},
        exemptionExpired: async () => {},
      },
    };
  }
  const state = await NotificationStateStore.create({
    database: options.database,
  });
  const deps: NotifierDeps = {
    store: service.store,
    state,
    notifications,
    logger,
    now,
  };
  const notifier = new RefreshNotifier({
    ...deps,
    scoreDropThreshold: settings.scoreDropThreshold,
    guidanceBaseUrl: readComplianceDashboardConfig(config).guidanceBaseUrl,
  });
  service.onRefreshCompleted(async outcome => {
    await notifier.afterRefresh(outcome);
  });

  if (settings.digest.enabled) {
    const digest = new WeeklyDigest(deps);
    await scheduler.scheduleTask({
      id: DIGEST_TASK_ID,
      ...settings.digest.schedule,
      // One digest per team per run across all replicas.
      scope: 'global',
      fn: async () => {
        await digest.send();
      },
    });
  }
  return { exemptions };
}
