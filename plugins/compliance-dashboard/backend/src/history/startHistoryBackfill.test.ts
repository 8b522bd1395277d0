import { ConfigReader } from '@backstage/config';
import { startHistoryBackfill } from './startHistoryBackfill';

/*
 * When the backfill is scheduled: per-account mode, and aggregator mode only
 * where the member accounts may be read themselves (the timeline is
 * GetResourceConfigHistory in the PBC's account).
 */

const aggregator = {
  accountId: '111111111111',
  region: 'eu-west-1',
  name: 'org',
};

async function scheduled(complianceDashboard: object): Promise<string[]> {
  const ids: string[] = [];
  const logger: any = { info() {}, warn() {}, error() {}, debug() {} };
  logger.child = () => logger;
  await startHistoryBackfill({
    config: new ConfigReader({ complianceDashboard }),
    logger,
    scheduler: {
      scheduleTask: async (task: { id: string }) => {
        ids.push(task.id);
      },
    } as any,
    store: {} as any,
    catalog: {} as any,
    auth: {} as any,
  });
  return ids;
}

describe('startHistoryBackfill', () => {
  const TASK = 'compliance-dashboard-history-backfill';

  it('runs in per-account mode', async () => {
    expect(await scheduled({})).toEqual([TASK]);
  });

  it('runs in aggregator mode when the member accounts may be read', async () => {
    expect(
      await scheduled({
        aws: {
          mode: 'aggregator',
          aggregator: { ...aggregator, fallbackToAccounts: true },
        },
      }),
    ).toEqual([TASK]);
  });

  it('does not run in aggregator mode without them, nor with backfillDays 0', async () => {
    expect(
      await scheduled({ aws: { mode: 'aggregator', aggregator } }),
    ).toEqual([]);
    expect(await scheduled({ history: { backfillDays: 0 } })).toEqual([]);
  });
});
