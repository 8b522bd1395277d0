import { LoggerService } from '@backstage/backend-plugin-api';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { ComplianceStore } from '../database/ComplianceStore';
import { PbcTarget } from '../domain/pbcs';
import { backfillScores } from './backfill';

/**
 * One run of the history backfill: the PBCs of the current snapshot that
 * have no score before today get up to `days` past scores from AWS Config.
 * Runs after the first refresh has written a snapshot; a PBC is backfilled
 * once (afterwards it has history).
 */
export async function runHistoryBackfill(options: {
  store: Pick<
    ComplianceStore,
    | 'getCurrentSnapshotId'
    | 'entityRefsWithHistoryBefore'
    | 'addBackfilledScores'
  >;
  clients: Pick<AwsClientFactory, 'configClient'>;
  loadPbcs: () => Promise<PbcTarget[]>;
  days: number;
  logger: LoggerService;
  now?: Date;
  signal?: AbortSignal;
}): Promise<number> {
  const snapshotId = await options.store.getCurrentSnapshotId();
  if (snapshotId === undefined) return 0;
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const withHistory = await options.store.entityRefsWithHistoryBefore(today);
  const pbcs = await options.loadPbcs();
  if (pbcs.every(p => withHistory.has(p.entityRef))) return 0;
  const scores = await backfillScores({
    clients: options.clients,
    pbcs,
    withHistory,
    days: options.days,
    now,
    signal: options.signal,
    onError: (accountId, region, error) =>
      options.logger.warn(
        `Compliance history: could not read ${accountId}/${region}, tried again at the next run: ${error}`,
      ),
  });
  await options.store.addBackfilledScores(scores, snapshotId);
  options.logger.info(
    `Compliance history: ${
      scores.length
    } past daily scores from AWS Config for ${
      new Set(scores.map(s => s.entityRef)).size
    } PBCs`,
  );
  return scores.length;
}
