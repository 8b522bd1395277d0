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
): ComplianceReader {
  const full = new AwsComplianceReader(clients, {
    conformancePackListTtlMs: settings.conformancePackListMinutes * 60000,
  });
  if (settings.mode === 'aggregator' && settings.aggregator) {
    return new AggregatorReader({
      location: settings.aggregator,
      clients,
      cloudTrail: full,
      // 0 keeps the change queries off: every round reads in full.
      reconcileEveryMs: settings.fullReadEveryMinutes * 60000,
      overlapMs: settings.changeOverlapMinutes * 60000,
    });
  }
  if (settings.fullReadEveryMinutes === 0) return full;
  return new ChangeDrivenReader({
    full,
    clients,
    reconcileEveryMs: settings.fullReadEveryMinutes * 60000,
    overlapMs: settings.changeOverlapMinutes * 60000,
  });
}
