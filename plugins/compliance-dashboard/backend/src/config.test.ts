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
});
