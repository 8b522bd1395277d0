import { LoggerService } from '@backstage/backend-plugin-api';
import { AwsReadConfig } from '../config';
import { AwsClientFactory } from './AwsClientFactory';
import { AwsComplianceReader } from './AwsComplianceReader';
import { AggregatorReader } from './AggregatorReader';
import { ChangeDrivenReader } from './ChangeDrivenReader';
import { ComplianceReader } from './types';

/**
 * The reader the settings ask for: through an aggregator or per account;
 * change-driven with a full read every `fullReadEveryMinutes`, or (0) a
 * full read on every refresh.
 */
export function createComplianceReader(
  clients: AwsClientFactory,
  settings: AwsReadConfig,
  logger?: Pick<LoggerService, 'warn'>,
): ComplianceReader {
  const full = new AwsComplianceReader(clients, {
    conformancePackListTtlMs: settings.conformancePackListMinutes * 60000,
  });
  const perAccount =
    settings.fullReadEveryMinutes === 0
      ? full
      : new ChangeDrivenReader({
          full,
          clients,
          reconcileEveryMs: settings.fullReadEveryMinutes * 60000,
          overlapMs: settings.changeOverlapMinutes * 60000,
          logger,
        });
  if (settings.mode === 'aggregator' && settings.aggregator) {
    const { fallbackToAccounts, ...location } = settings.aggregator;
    return new AggregatorReader({
      location,
      clients,
      cloudTrail: full,
      perAccount: fallbackToAccounts ? perAccount : undefined,
      // 0 keeps the change queries off: every round reads in full.
      reconcileEveryMs: settings.fullReadEveryMinutes * 60000,
      overlapMs: settings.changeOverlapMinutes * 60000,
      logger,
    });
  }
  return perAccount;
}
