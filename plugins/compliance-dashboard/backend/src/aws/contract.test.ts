import { TestDatabases } from '@backstage/backend-test-utils';
import {
  AwsLocal,
  Faults,
  generatePlatform,
  Platform,
  startAwsLocal,
} from '@pbc-portal/aws-local';
import { PBC_TAG_KEY } from '@pbc-portal/pbc-domain';
import { RefreshStatus } from '@pbc-portal/plugin-compliance-dashboard-common';
import { ComplianceStore } from '../database/ComplianceStore';
import { toPbcTarget } from '../domain/pbcs';
import { ComplianceService } from '../service/ComplianceService';
import {
  localAwsRootConfig,
  localReader,
  platformEntities,
} from '../__testUtils__/fixtures';
import { JsonObject } from '@backstage/types';

/*
 * Contract tests: the real AWS SDK v3 clients (SigV4, JSON 1.1 protocol,
 * pagination, adaptive retries) against the local endpoint, with faults.
 * Every scenario ends with the healthy accounts' data equal to a clean
 * read, and nothing of a failed account half-written.
 */

jest.setTimeout(120_000);

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['eu-west-1', 'us-east-1'];
const logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return logger;
  },
} as any;

const all = {
  allowedRefs: async (p: Array<{ entityRef: string }>) =>
    new Set(p.map(x => x.entityRef)),
};

describe('contract: AWS SDK against the local endpoint', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let platform: Platform;
  let local: AwsLocal;

  beforeAll(async () => {
    platform = generatePlatform({
      pbcs: 24,
      accounts: 3,
      regions: REGIONS,
      rules: 40,
      resources: 900,
      events: 1500,
      days: 5,
      seed: 11,
      now: new Date(Date.now() - 60_000),
    });
    local = await startAwsLocal({ platform, lookupEventsPerSecond: 40 });
  });

  afterAll(async () => {
    await local?.close();
  });

  beforeEach(() => {
    local.setFaults({});
    local.resetStats();
  });

  async function setup(extra: JsonObject = {}) {
    const knex = await databases.init('SQLITE_3');
    const store = await ComplianceStore.create({
      database: { getClient: async () => knex },
    });
    const { reader, clients, config } = localReader(
      localAwsRootConfig(platform, local.url, {
        cloudTrail: { backfillDays: 7 },
        ...extra,
        aws: {
          lookupEventsPerSecond: 40,
          maxAttempts: 3,
          ...((extra.aws as JsonObject) ?? {}),
        },
      }),
    );
    const targets = platformEntities(platform).map(e => {
      const result = toPbcTarget(e);
      if (!result.ok) throw new Error(result.reason);
      return result.target;
    });
    const service = new ComplianceService({
      store,
      reader,
      config,
      logger,
      loadPbcs: async () => targets,
      callCount: () => clients.stats().requests,
    });
    const refresh = async (): Promise<RefreshStatus> => {
      const [status] = await service.runScheduledRefresh();
      return status;
    };
    const pbcs = async () =>
      new Map(
        (await service.listPbcs({ limit: 500 }, all)).items.map(p => [
          p.entityRef,
          p,
        ]),
      );
    return { store, service, reader, clients, refresh, pbcs };
  }

  /** Ground truth from the generated platform. */
  function writeEventsIn(accountId: string, region: string): number {
    let count = 0;
    for (const index of platform.events.indicesIn(accountId, region)) {
      if (!platform.events.get(index).readOnly) count += 1;
    }
    return count;
  }

  function accountOf(entityRef: string): string {
    return platform.pbc(entityRef.split('/')[1])!.accountId;
  }

  const comparable = (p: any) => ({
    score: p.score,
    failingControls: p.failingControls,
    passing: p.passingControlCount,
    insufficient: p.insufficientDataControlCount,
    pack: p.conformancePackDeployed,
  });

  let baseline: Map<string, any>;
  let baselineRisky: number;

  it('reads every page of every operation and matches the platform', async () => {
    const { reader, clients, refresh, pbcs, store } = await setup();

    // Config of one account and Region, compared with the generator's data.
    const read = await reader.readConfig({
      accountId: ACCOUNTS[0],
      region: REGIONS[0],
    });
    const tagged = platform
      .resourcesIn(ACCOUNTS[0], REGIONS[0])
      .filter(r => r.tags[PBC_TAG_KEY]);
    expect(read.resources).toHaveLength(tagged.length);
    expect(read.resources.length).toBeGreaterThan(100); // several pages of 100
    expect(read.rules).toHaveLength(40);
    expect(read.conformancePacks.sort()).toEqual(
      platform
        .pbcsIn(ACCOUNTS[0], REGIONS[0])
        .map(p => p.conformancePack)
        .sort(),
    );
    let expected = 0;
    for (const rule of platform.rules) {
      const evaluations = platform.evaluations(ACCOUNTS[0], REGIONS[0], rule);
      for (let i = 0; i < evaluations.length; i++) {
        const record = evaluations.get(i);
        if (record.resource.pbc && record.complianceType !== 'NOT_APPLICABLE')
          expected += 1;
      }
    }
    expect(read.evaluations).toHaveLength(expected);

    local.resetStats();
    const callsBefore = clients.stats().requests;
    const status = await refresh();
    expect(status.state).toBe('succeeded');
    for (const account of status.accounts) {
      expect(account.cloudTrailEvents).toBe(
        writeEventsIn(account.accountId, account.region),
      );
    }
    const stats = local.stats();
    // Every page, and no more: 100 resources, 25 rules, 50 events a page.
    let resourcePages = 0;
    let eventPages = 0;
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        const count = platform
          .resourcesIn(account, region)
          .filter(r => r.tags[PBC_TAG_KEY]).length;
        resourcePages += Math.max(1, Math.ceil(count / 100));
        eventPages += Math.max(
          1,
          Math.ceil(writeEventsIn(account, region) / 50),
        );
      }
    }
    expect(resourcePages).toBeGreaterThan(6);
    expect(stats.byOperation.SelectResourceConfig).toBe(resourcePages);
    expect(stats.byOperation.DescribeConfigRules).toBe(12);
    expect(stats.byOperation.LookupEvents).toBe(eventPages);
    expect(status.awsCalls).toBe(stats.total);
    expect(clients.stats().requests - callsBefore).toBe(stats.total);

    baseline = await pbcs();
    expect(baseline.size).toBe(24);
    expect([...baseline.values()].every(p => p.score !== null)).toBe(true);
    // Our risk classification agrees with the generator's, event by event.
    let risky = 0;
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        for (const index of platform.events.indicesIn(account, region)) {
          const event = platform.events.get(index);
          if (!event.readOnly && event.risky) risky += 1;
        }
      }
    }
    baselineRisky = await store.countEvents();
    expect(baselineRisky).toBe(risky);
  });

  it('retries throttled calls and respects LookupEvents at 2 per second', async () => {
    const throttled = await startAwsLocal({
      platform,
      lookupEventsPerSecond: 2,
    });
    try {
      const knex = await databases.init('SQLITE_3');
      const store = await ComplianceStore.create({
        database: { getClient: async () => knex },
      });
      // A client limit above the server's quota forces throttling errors...
      const loose = localReader(
        localAwsRootConfig(platform, throttled.url, {
          aws: { lookupEventsPerSecond: 6, maxAttempts: 8 },
          cloudTrail: { backfillDays: 7 },
        }),
      );
      throttled.setFaults({
        throttleRate: 0.2,
        operations: [
          'GetComplianceDetailsByConfigRule',
          'SelectResourceConfig',
        ],
      });
      const region = { accountId: ACCOUNTS[1], region: REGIONS[1] };
      let events = 0;
      await loose.reader.readCloudTrail(
        region,
        { start: new Date(Date.now() - 7 * 86400000), end: new Date() },
        page => {
          events += page.length;
        },
      );
      const config = await loose.reader.readConfig(region);
      expect(events).toBe(writeEventsIn(region.accountId, region.region));
      expect(config.resources.length).toBeGreaterThan(0);
      expect(throttled.stats().throttled).toBeGreaterThan(0);
      expect(loose.clients.stats().throttled).toBe(throttled.stats().throttled);

      // ...which the default limit of 2 per second per account and Region avoids.
      throttled.setFaults({});
      throttled.resetStats();
      const strict = localReader(
        localAwsRootConfig(platform, throttled.url, {
          aws: { maxAttempts: 3 },
        }),
      );
      events = 0;
      const started = Date.now();
      const result = await strict.reader.readCloudTrail(
        region,
        { start: new Date(Date.now() - 7 * 86400000), end: new Date() },
        page => {
          events += page.length;
        },
      );
      expect(events).toBe(writeEventsIn(region.accountId, region.region));
      expect(throttled.stats().throttled).toBe(0);
      // Pages after the first wait their turn: at most 2 a second.
      expect(Date.now() - started).toBeGreaterThanOrEqual(
        (result.pages - 2) * 500,
      );
      void store;
    } finally {
      await throttled.close();
    }
  });

  async function faultScenario(faults: Faults, extra: JsonObject = {}) {
    const ctx = await setup(extra);
    const first = await ctx.refresh();
    expect(first.state).toBe('succeeded');
    const watermarks = await ctx.store.getWatermarks();
    local.setFaults(faults);
    const second = await ctx.refresh();
    local.setFaults({});
    return { ...ctx, first, second, watermarks };
  }

  it('keeps the last good data of an account that is denied access', async () => {
    const { second, pbcs, store, watermarks, refresh } = await faultScenario({
      accessDeniedAccounts: [ACCOUNTS[1]],
    });
    expect(second.state).toBe('partial');
    for (const account of second.accounts) {
      expect(account.state).toBe(
        account.accountId === ACCOUNTS[1] ? 'failed' : 'ok',
      );
    }
    expect(second.accounts.find(a => a.state === 'failed')?.error).toMatch(
      /AccessDenied/,
    );
    const now = await pbcs();
    for (const [ref, pbc] of now) {
      expect(comparable(pbc)).toEqual(comparable(baseline.get(ref)));
      expect(pbc.staleness.stale).toBe(accountOf(ref) === ACCOUNTS[1]);
    }
    const after = await store.getWatermarks();
    for (const region of REGIONS) {
      expect(after.get(`${ACCOUNTS[1]}/${region}`)).toEqual(
        watermarks.get(`${ACCOUNTS[1]}/${region}`),
      );
      expect(after.get(`${ACCOUNTS[0]}/${region}`)!.getTime()).toBeGreaterThan(
        watermarks.get(`${ACCOUNTS[0]}/${region}`)!.getTime(),
      );
    }
    expect(await store.countEvents()).toBe(baselineRisky);
    expect((await refresh()).state).toBe('succeeded');
    expect([...(await pbcs()).values()].some(p => p.staleness.stale)).toBe(
      false,
    );
  });

  it('survives server errors that start mid-refresh', async () => {
    const { second, pbcs, store, refresh } = await faultScenario(
      { serverErrorAfterCalls: 150 },
      { aws: { maxAttempts: 2, concurrency: 1 } },
    );
    const failed = new Set(
      second.accounts.filter(a => a.state === 'failed').map(a => a.accountId),
    );
    expect(failed.size).toBeGreaterThan(0);
    expect(second.accounts.find(a => a.state === 'failed')?.error).toMatch(
      /500|InternalFailure/,
    );
    const now = await pbcs();
    for (const [ref, pbc] of now) {
      // Fresh or carried over, every PBC shows exactly the clean data.
      expect(comparable(pbc)).toEqual(comparable(baseline.get(ref)));
      expect(pbc.staleness.stale).toBe(failed.has(accountOf(ref)));
    }
    expect(await store.countEvents()).toBe(baselineRisky);
    const third = await refresh();
    expect(third.state).toBe('succeeded');
    expect(await store.countEvents()).toBe(baselineRisky);
  });

  it('retries malformed responses and ends with the same data', async () => {
    const { second, pbcs, store } = await faultScenario({
      malformedRate: 0.05,
      seed: 5,
    });
    expect(second.state).toBe('succeeded');
    const now = await pbcs();
    for (const [ref, pbc] of now) {
      expect(comparable(pbc)).toEqual(comparable(baseline.get(ref)));
    }
    expect(await store.countEvents()).toBe(baselineRisky);
  });

  it('flags every PBC stale, with its last good data, when every account fails', async () => {
    const ctx = await setup();
    await ctx.refresh();
    const current = await ctx.store.getCurrentSnapshotId();
    local.setFaults({ accessDeniedAccounts: ACCOUNTS });
    const status = await ctx.refresh();
    expect(status.state).toBe('failed');
    // All PBCs carried over, flagged stale, scores unchanged.
    const now = await ctx.pbcs();
    for (const [ref, pbc] of now) {
      expect(pbc.staleness.stale).toBe(true);
      expect(comparable(pbc)).toEqual(comparable(baseline.get(ref)));
    }
    expect(await ctx.store.getCurrentSnapshotId()).not.toBe(current);
  });
});
