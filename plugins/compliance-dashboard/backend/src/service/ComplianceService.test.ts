import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { readComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { PbcTarget } from '../domain/pbcs';
import { pbcTarget } from '../__testUtils__/testTargets';
import { FakeComplianceReader } from '../__testUtils__/FakeComplianceReader';
import { ComplianceService } from './ComplianceService';
import { PbcAccess } from './PbcAccess';

jest.setTimeout(30_000);

const ALL: PbcAccess = { allowedRefs: async () => 'all' };

describe('ComplianceService refreshes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const targets = [
    pbcTarget('cart'),
    pbcTarget('search', { accountId: '222222222222' }),
  ];

  async function setup(
    loadPbcs: () => Promise<PbcTarget[]>,
    id: TestDatabaseId = 'SQLITE_3',
    options: {
      config?: object;
      reader?: FakeComplianceReader;
      now?: () => Date;
      knex?: Knex;
    } = {},
  ) {
    const knex = options.knex ?? (await databases.init(id));
    const store = await ComplianceStore.create({
      database: { getClient: async () => knex },
    });
    const reader = options.reader ?? new FakeComplianceReader();
    const service = new ComplianceService({
      store,
      reader,
      config: readComplianceDashboardConfig(
        new ConfigReader({ complianceDashboard: options.config ?? {} }),
      ),
      logger: mockServices.logger.mock(),
      loadPbcs,
      now: options.now,
    });
    return { store, reader, service, knex };
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
    expect(await service.getRefresh(a.id, ALL)).toMatchObject({
      state: 'queued',
    });
    const runs = await service.runScheduledRefresh();
    expect(runs).toHaveLength(1);
    for (const id of [a.id, b.id]) {
      expect(await service.getRefresh(id, ALL)).toMatchObject({
        state: 'succeeded',
        pbcCount: 2,
        trigger: 'manual',
      });
    }
    expect(
      await service.getRefresh('0c1f4a2e-0000-4000-8000-000000000001', ALL),
    ).toMatchObject({ state: 'failed' });
    await expect(
      service.getRefresh('0c1f4a2e-0000-4000-8000-0000000000ff', ALL),
    ).rejects.toThrow('No refresh');
  });

  it.each(databases.eachSupportedId())(
    'refreshes a PBC whose title and conformance pack are 300 characters on %p',
    async id => {
      const long = pbcTarget('cart');
      long.title = 'T'.repeat(300);
      long.conformancePack = 'p'.repeat(300);
      const { service } = await setup(async () => [long], id);
      const [run] = await service.runScheduledRefresh();
      expect(run).toMatchObject({ state: 'succeeded' });
      const detail = await service.getPbc(long.entityRef);
      expect(detail.summary.title).toBe('T'.repeat(300));
      expect(detail.summary.conformancePack).toBe('p'.repeat(300));
    },
  );

  it('shows a failed refresh in health and on every PBC, in words instead of SQL', async () => {
    const { store, service } = await setup(async () => targets);
    await service.runScheduledRefresh();
    expect((await service.status(ALL)).status).toBe('ok');

    // What PostgreSQL answered for a 300-character title, as knex throws it.
    const sqlError = Object.assign(
      new Error(
        'insert into "pbc_results" ("title") values ($1) - value too long for type character varying(255)',
      ),
      { code: '22001' },
    );
    jest.spyOn(store, 'writeSnapshot').mockRejectedValueOnce(sqlError);
    const [failed] = await service.runScheduledRefresh();
    expect(failed.state).toBe('failed');
    expect(failed.error).not.toMatch(/insert into|pbc_results|varying/);
    expect(failed.error).toContain('longer than its column allows');

    const health = await service.status(ALL);
    expect(health.status).toBe('degraded');
    expect(health.lastFailure).toEqual({
      refreshId: failed.id,
      at: failed.finishedAt,
      message: failed.error,
    });
    const list = await service.listPbcs({}, ALL);
    expect(list.items.map(p => p.lastRefreshFailure?.refreshId)).toEqual([
      failed.id,
      failed.id,
    ]);
    const detail = await service.getPbc(targets[0].entityRef);
    expect(detail.summary.lastRefreshFailure?.message).toBe(failed.error);

    // The next good refresh clears it.
    await new Promise(resolve => setTimeout(resolve, 5));
    await service.runScheduledRefresh();
    expect((await service.status(ALL)).lastFailure).toBeUndefined();
    expect(
      (await service.listPbcs({}, ALL)).items[0].lastRefreshFailure,
    ).toBeUndefined();
  });

  it('counts risky events over the one configured window that the detail lists', async () => {
    // The fake's event is 9 days old: inside the 10-day window, outside a
    // fixed 7-day one.
    const { service } = await setup(async () => [targets[0]], 'SQLITE_3', {
      config: { riskyEventDays: 10, cloudTrail: { backfillDays: 10 } },
      reader: new FakeComplianceReader(new Date(Date.now() - 9 * 86400000)),
    });
    await service.runScheduledRefresh();
    const [cart] = (await service.listPbcs({}, ALL)).items;
    const detail = await service.getPbc(cart.entityRef);
    expect(detail.riskyEvents).toHaveLength(1);
    expect(cart).toMatchObject({ riskyEvents: 1, riskyEventDays: 10 });
    const teams = await service.listTeams(ALL);
    expect(teams.items[0]).toMatchObject({
      riskyEvents: 1,
      riskyEventDays: 10,
    });
  });

  it('reads the time only from the injected clock', async () => {
    let now = new Date('2031-03-01T10:00:00.000Z');
    const clock = () => now;
    const { service, knex } = await setup(async () => targets, 'SQLITE_3', {
      now: clock,
    });
    // Another replica on the same database refreshes later.
    const { service: other } = await setup(async () => targets, 'SQLITE_3', {
      knex,
      now: clock,
    });
    const [first] = await service.runScheduledRefresh();
    expect(first.requestedAt).toBe('2031-03-01T10:00:00.000Z');
    const before = await service.listPbcs({}, ALL);
    expect(before.snapshot?.createdAt).toBe('2031-03-01T10:00:00.000Z');

    now = new Date('2031-03-01T10:00:01.000Z');
    await other.runScheduledRefresh();
    // One second on the clock: the pointer is not looked at again yet.
    expect((await service.listPbcs({}, ALL)).snapshot?.id).toBe(
      before.snapshot?.id,
    );
    // Three seconds on the clock (milliseconds of real time): it is.
    now = new Date('2031-03-01T10:00:03.000Z');
    const after = await service.listPbcs({}, ALL);
    expect(after.snapshot?.createdAt).toBe('2031-03-01T10:00:01.000Z');
  });
});
