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
import { readIdentityPolicy } from '../domain/identity';
import { createPbcIdentityLoader } from '../service/pbcIdentity';
import { runHistoryBackfill } from './historyTask';

/**
 * Schedules the history backfill (one run per cluster every 10 minutes; a
 * run with nothing to backfill costs one database query). Off with
 * `history.backfillDays: 0`, and in aggregator mode unless the member
 * accounts may be read themselves (`aggregator.fallbackToAccounts`): a
 * pack's compliance timeline is GetResourceConfigHistory in its own
 * account; no aggregate operation returns past configuration items
 * (advanced queries see the current state only).
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
    (settings.aws.mode === 'aggregator' &&
      !settings.aws.aggregator?.fallbackToAccounts)
  ) {
    return;
  }
  // Only the authoritative claims: a second claim on a tag must not get its history either.
  const identity = createPbcIdentityLoader({
    catalog: options.catalog,
    auth: options.auth,
    logger: options.logger,
    policy: readIdentityPolicy(options.config),
  });
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
        loadPbcs: () => identity.targets(),
        days: settings.historyBackfillDays,
        logger: options.logger,
        signal,
      });
    },
  });
}
