import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { PbcTarget } from '../domain/pbcs';
import { pbcTarget } from '../domain/testTargets';
import { FakeComplianceReader } from '../testing/FakeComplianceReader';
import { ComplianceService } from './ComplianceService';

jest.setTimeout(30_000);

describe('ComplianceService refreshes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const targets = [
    pbcTarget('cart'),
    pbcTarget('search', { accountId: '222222222222' }),
  ];

  async function setup(loadPbcs: () => Promise<PbcTarget[]>) {
    const knex = await databases.init('SQLITE_3');
    const store = await ComplianceStore.create({
      database: { getClient: async () => knex },
    });
    const reader = new FakeComplianceReader();
    const service = new ComplianceService({
      store,
      reader,
      config: readComplianceDashboardConfig(new ConfigReader({})),
      logger: mockServices.logger.mock(),
      loadPbcs,
    });
    return { store, reader, service };
  }

  it('keeps the current snapshot when the catalog fails or answers with nothing', async () => {
    let answer: () => Promise<PbcTarget[]> = async () => targets;
    const { store, service } = await setup(() => answer());
    const [first] = await service.runScheduledRefresh();
    expect(first.state).toBe('succeeded');
    const current = await store.getCurrentSnapshotId();

    answer = async () => {
      throw new Error('catalog unavailable');
    };
    const [failed] = await service.runScheduledRefresh();
    expect(failed).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('catalog unavailable'),
    });
    expect(await store.getCurrentSnapshotId()).toBe(current);

    answer = async () => [];
    const [empty] = await service.runScheduledRefresh();
    expect(empty).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('no PBC entities'),
    });
    expect(await store.getCurrentSnapshotId()).toBe(current);
  });

  it('writes nothing when the refresh is aborted, and says so', async () => {
    const controller = new AbortController();
    const { store, reader, service } = await setup(async () => targets);
    const readConfig = reader.readConfig.bind(reader);
    reader.readConfig = async target => {
      controller.abort();
      return readConfig(target);
    };
    await expect(
      service.runScheduledRefresh(controller.signal),
    ).rejects.toThrow();
    expect(await store.getCurrentSnapshotId()).toBeUndefined();
    expect(await store.getLatestFinishedRefresh()).toMatchObject({
      state: 'failed',
    });
  });

  it('serves queued requests with the next run, and marks dead runs failed', async () => {
    const { store, service } = await setup(async () => targets);
    await store.createRefresh({
      id: '0c1f4a2e-0000-4000-8000-000000000001',
      trigger: 'schedule',
      state: 'running',
      now: new Date(),
    });
    const a = await service.requestRefresh();
    const b = await service.requestRefresh();
    expect(await service.getRefresh(a.id)).toMatchObject({ state: 'queued' });
    const runs = await service.runScheduledRefresh();
    expect(runs).toHaveLength(1);
    for (const id of [a.id, b.id]) {
      expect(await service.getRefresh(id)).toMatchObject({
        state: 'succeeded',
        pbcCount: 2,
        trigger: 'manual',
      });
    }
    expect(
      await service.getRefresh('0c1f4a2e-0000-4000-8000-000000000001'),
    ).toMatchObject({ state: 'failed' });
    await expect(
      service.getRefresh('0c1f4a2e-0000-4000-8000-0000000000ff'),
    ).rejects.toThrow('No refresh');
  });
});
