import { ConfigReader } from '@backstage/config';
import { DEFAULT_SCHEDULE, readComplianceDashboardConfig } from './config';

describe('readComplianceDashboardConfig', () => {
  it('has defaults for everything', () => {
    const config = readComplianceDashboardConfig(new ConfigReader({}));
    expect(config.schedule).toEqual(DEFAULT_SCHEDULE);
    expect(config).toMatchObject({
      retentionDays: 90,
      aws: {
        maxAttempts: 6,
        lookupEventsPerSecond: 2,
        regions: [],
        concurrency: 4,
      },
      cloudTrail: { backfillDays: 7, overlapMinutes: 15 },
      risk: {
        minLogRetentionDays: 365,
        erasureTopicNames: ['customer-erasure'],
      },
    });
    expect(config.aws.endpoint).toBeUndefined();
  });

  it('reads the keys', () => {
    const config = readComplianceDashboardConfig(
      new ConfigReader({
        complianceDashboard: {
          schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } },
          retentionDays: 30,
          aws: {
            endpoint: 'http://127.0.0.1:4599',
            maxAttempts: 3,
            lookupEventsPerSecond: 1,
            regions: ['us-east-1'],
          },
          cloudTrail: { backfillDays: 90 },
          risk: { approvedRegions: ['eu-west-1'] },
        },
      }),
    );
    expect(config.schedule).toEqual({
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
    });
    expect(config.aws).toMatchObject({
      endpoint: 'http://127.0.0.1:4599',
      maxAttempts: 3,
      lookupEventsPerSecond: 1,
      regions: ['us-east-1'],
    });
    expect(config.cloudTrail.backfillDays).toBe(90);
    expect(config.risk.approvedRegions).toEqual(['eu-west-1']);
  });

  it.each([
    [{ aws: { endpoint: 'not a url' } }, 'aws.endpoint'],
    [{ cloudTrail: { backfillDays: 120 } }, 'backfillDays'],
    [{ retentionDays: 0 }, 'retentionDays'],
  ])('refuses %j', (complianceDashboard, key) => {
    expect(() =>
      readComplianceDashboardConfig(new ConfigReader({ complianceDashboard })),
    ).toThrow(key);
  });

  it('reads the change-driven, aggregator and catalog-poll keys, and refuses bad ones', () => {
    const read = (complianceDashboard: object) =>
      readComplianceDashboardConfig(new ConfigReader({ complianceDashboard }));
    const defaults = read({});
    expect(defaults.aws).toMatchObject({
      mode: 'accounts',
      fullReadEveryMinutes: 1440,
      changeOverlapMinutes: 15,
    });
    expect(defaults.catalogPoll).toEqual({ seconds: 15 });
    expect(read({ catalogPollSeconds: 0 }).catalogPoll).toBeUndefined();
    expect(
      read({
        aws: {
          mode: 'aggregator',
          aggregator: {
            accountId: '999999999999',
            region: 'eu-west-1',
            name: 'org',
          },
        },
      }).aws.aggregator,
    ).toEqual({
      accountId: '999999999999',
      region: 'eu-west-1',
      name: 'org',
      fallbackToAccounts: false,
    });
    expect(
      read({
        aws: {
          mode: 'aggregator',
          aggregator: {
            accountId: '999999999999',
            region: 'eu-west-1',
            name: 'org',
            fallbackToAccounts: true,
          },
        },
      }).aws.aggregator?.fallbackToAccounts,
    ).toBe(true);
    expect(() => read({ aws: { mode: 'organisation' } })).toThrow(
      /aws.mode: expected 'accounts' or 'aggregator'/,
    );
    expect(() => read({ aws: { mode: 'aggregator' } })).toThrow(
      /aggregator mode needs accountId/,
    );
    expect(() => read({ aws: { fullReadEveryMinutes: -1 } })).toThrow(
      /fullReadEveryMinutes/,
    );
    expect(() => read({ catalogPollSeconds: -5 })).toThrow(
      /catalogPollSeconds/,
    );
  });
});
