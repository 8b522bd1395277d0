import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { readComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { loadPbcsFromCatalog } from '../service/ComplianceService';
import { runHistoryBackfill } from './historyTask';

/**
 * Schedules the history backfill (one run per cluster every 10 minutes; a
 * run with nothing to backfill costs one database query). Off in aggregator
 * mode (member accounts have no Config credentials there) and with
 * `history.backfillDays: 0`.
 */
export async function startHistoryBackfill(options: {
  config: Config;
  logger: LoggerService;
  scheduler: SchedulerService;
  store: ComplianceStore;
  catalog: CatalogService;
  auth: AuthService;
}): Promise<void> {
  const settings = readComplianceDashboardConfig(options.config);
  if (
    settings.historyBackfillDays === 0 ||
    settings.aws.mode === 'aggregator'
  ) {
    return;
  }
  const clients = new AwsClientFactory({
    credentialsManager: DefaultAwsCredentialsManager.fromConfig(options.config),
    config: settings.aws,
  });
  await options.scheduler.scheduleTask({
    id: 'compliance-dashboard-history-backfill',
    frequency: { minutes: 10 },
    timeout: { minutes: 30 },
    initialDelay: { seconds: 30 },
    scope: 'global',
    fn: async signal => {
      await runHistoryBackfill({
        store: options.store,
        clients,
        loadPbcs: () =>
          loadPbcsFromCatalog(options.catalog, options.auth, options.logger),
        days: settings.historyBackfillDays,
        logger: options.logger,
        signal,
      });
    },
  });
}
