import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { SchedulerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { readComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { pbcTarget } from '../__testUtils__/testTargets';
import { ComplianceService } from '../service/ComplianceService';
import { FakeComplianceReader } from '../__testUtils__/FakeComplianceReader';
import { RecordingNotifications } from '../__testUtils__/notificationWorld';
import { DIGEST_TASK_ID, startNotifications } from './startNotifications';

jest.setTimeout(60_000);

describe('startNotifications', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(notifications: object = {}) {
    const knex = await databases.init('SQLITE_3');
    const database = { getClient: async () => knex };
    const store = await ComplianceStore.create({ database });
    const reader = new FakeComplianceReader();
    const logger = mockServices.logger.mock();
    const service = new ComplianceService({
      store,
      reader,
      config: readComplianceDashboardConfig(new ConfigReader({})),
      logger,
      loadPbcs: async () => [
        pbcTarget('cart'),
        pbcTarget('payment'),
        pbcTarget('search', { accountId: '222222222222' }),
      ],
    });
    const scheduleTask = jest.fn(async () => {});
    const sender = new RecordingNotifications();
    await startNotifications({
      config: new ConfigReader({ complianceDashboard: { notifications } }),
      logger,
      scheduler: { scheduleTask } as unknown as SchedulerService,
      database,
      notifications: sender,
      service,
    });
    return { service, reader, sender, scheduleTask, knex };
  }

  it('tells the owners after a refresh that brings a new high failure', async () => {
    const { service, reader, sender } = await setup();
    await service.runScheduledRefresh();
    expect(sender.take()).toEqual([]); // the baseline

    // payment's table loses point-in-time recovery (PBC-DATA-01, high).
    reader.paymentPitrLost = true;
    const [run] = await service.runScheduledRefresh();
    expect(run.state).toBe('succeeded');
    expect(sender.take()).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/team-payment' },
        payload: expect.objectContaining({
          // With the score's fall, in one notification.
          title: 'Payment: 2 compliance changes',
          description:
            'PBC-DATA-01 failing (high): DynamoDB tables have point-in-time recovery\nScore fell from 100 to 29',
          severity: 'high',
        }),
      },
    ]);
  });

  it('keeps the refresh succeeded when sending fails, and sends after the next one', async () => {
    const { service, reader, sender } = await setup({ scoreDropThreshold: 1 });
    await service.runScheduledRefresh();
    reader.failAccounts.clear();
    const readConfig = reader.readConfig.bind(reader);
    reader.readConfig = async target => {
      const read = await readConfig(target);
      return {
        ...read,
        evaluations: read.evaluations.map(e => ({
          ...e,
          compliance: 'NON_COMPLIANT',
        })),
      };
    };
    sender.failNext = 10;
    const [run] = await service.runScheduledRefresh();
    expect(run.state).toBe('succeeded');
    expect(sender.take()).toEqual([]);
    sender.failNext = 0;
    await service.runScheduledRefresh();
    expect(sender.take().length).toBeGreaterThan(0);
  });

  it('keeps a refresh succeeded when a listener throws, and still tells the next listener', async () => {
    const { service } = await setup();
    const seen: number[] = [];
    service.onRefreshCompleted(async () => {
      throw new Error('listener broke');
    });
    service.onRefreshCompleted(async outcome => {
      seen.push(outcome.snapshotId);
    });
    const [run] = await service.runScheduledRefresh();
    expect(run.state).toBe('succeeded');
    expect(seen).toEqual([run.snapshotId]);
  });

  it('schedules the digest only when it is enabled, as one global task', async () => {
    const off = await setup();
    expect(off.scheduleTask).not.toHaveBeenCalled();
    const on = await setup({
      digest: {
        enabled: true,
        schedule: { frequency: { cron: '0 7 * * 5' }, timeout: { minutes: 5 } },
      },
    });
    expect(on.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: DIGEST_TASK_ID,
        scope: 'global',
        frequency: { cron: '0 7 * * 5' },
      }),
    );
  });

  it('does nothing after a refresh when notifications are off', async () => {
    const { service, knex, sender } = await setup({ enabled: false });
    await service.runScheduledRefresh();
    expect(await knex('notification_pbc_state').count({ n: '*' })).toEqual([
      { n: 0 },
    ]);
    expect(sender.sent).toEqual([]);
  });
});
