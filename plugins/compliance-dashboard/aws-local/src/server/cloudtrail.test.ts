import {
  LookupEventsCommand,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail';
import { cloudTrailClient, errorOf } from '../__testUtils__/clients';
import { demoPlatform, generatePlatform } from '../platform/generate';
import { AwsLocal, startAwsLocal } from './server';

const NOW = new Date('2026-11-20T12:00:00Z');
const account = '111111111111';
const region = 'eu-west-1';

describe('CloudTrail LookupEvents through the SDK', () => {
  const platform = demoPlatform(NOW);

  describe('without a rate limit', () => {
    let local: AwsLocal;
    beforeAll(async () => {
      local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
    });
    afterAll(() => local.close());
    const client = () =>
      cloudTrailClient(local.url, { accountId: account, region });

    it('pages through every event of the account and Region once, newest first', async () => {
      const ids: string[] = [];
      const times: number[] = [];
      let pages = 0;
      for await (const page of paginateLookupEvents({ client: client() }, {})) {
        pages++;
        expect(page.Events!.length).toBeLessThanOrEqual(50);
        for (const e of page.Events ?? []) {
          ids.push(e.EventId!);
          times.push(e.EventTime!.getTime());
        }
      }
      const expected = platform.events.indicesIn(account, region);
      expect(ids).toHaveLength(expected.length);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(
        Array.from(expected, i => platform.events.get(i).eventId),
      );
      expect(pages).toBe(Math.ceil(expected.length / 50));
      for (let k = 1; k < times.length; k++)
        expect(times[k - 1]).toBeGreaterThanOrEqual(times[k]);
    });

    it('returns events in the CloudTrail shape with the record as a JSON string', async () => {
      const { Events } = await client().send(
        new LookupEventsCommand({ MaxResults: 20 }),
      );
      expect(Events).toHaveLength(20);
      for (const e of Events!) {
        const record = JSON.parse(e.CloudTrailEvent!);
        expect(record.eventID).toBe(e.EventId);
        expect(record.eventName).toBe(e.EventName);
        expect(record.eventSource).toBe(e.EventSource);
        expect(new Date(record.eventTime).getTime()).toBe(
          e.EventTime!.getTime(),
        );
        expect(record.awsRegion).toBe(region);
        expect(record.recipientAccountId).toBe(account);
        expect(String(record.readOnly)).toBe(e.ReadOnly);
        expect(record.userIdentity.type).toMatch(
          /^(AssumedRole|IAMUser|Root)$/,
        );
        expect(typeof record.sourceIPAddress).toBe('string');
        expect(typeof record.userAgent).toBe('string');
        expect('requestParameters' in record).toBe(true);
        expect('responseElements' in record).toBe(true);
        expect(e.Username).toBeTruthy();
        expect(Array.isArray(e.Resources)).toBe(true);
      }
    });

    it('filters by one lookup attribute and a time range', async () => {
      const writes = [];
      for await (const page of paginateLookupEvents(
        { client: client() },
        {
          LookupAttributes: [
            { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
          ],
        },
      )) {
        writes.push(...page.Events!);
      }
      const all = Array.from(platform.events.indicesIn(account, region), i =>
        platform.events.get(i),
      );
      expect(writes.length).toBe(all.filter(e => !e.readOnly).length);
      expect(writes.every(e => e.ReadOnly === 'false')).toBe(true);

      const { Events: logins } = await client().send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' },
          ],
        }),
      );
      expect(logins!.length).toBe(
        Math.min(50, all.filter(e => e.eventName === 'ConsoleLogin').length),
      );
      expect(logins!.every(e => e.EventName === 'ConsoleLogin')).toBe(true);

      const start = new Date(NOW.getTime() - 3 * 86_400_000);
      const end = new Date(NOW.getTime() - 86_400_000);
      const windowed = [];
      for await (const page of paginateLookupEvents(
        { client: client() },
        { StartTime: start, EndTime: end },
      )) {
        windowed.push(...page.Events!);
      }
      expect(windowed.length).toBe(
        all.filter(
          e => e.eventTime >= start.getTime() && e.eventTime <= end.getTime(),
        ).length,
      );
      expect(windowed.length).toBeGreaterThan(0);
    });

    it('rejects bad parameters and tokens with CloudTrail’s exceptions', async () => {
      const tooMany = await errorOf(() =>
        client().send(new LookupEventsCommand({ MaxResults: 51 })),
      );
      expect(tooMany.name).toBe('InvalidMaxResultsException');
      const twoAttributes = await errorOf(() =>
        client().send(
          new LookupEventsCommand({
            LookupAttributes: [
              { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
              { AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' },
            ],
          }),
        ),
      );
      expect(twoAttributes.name).toBe('InvalidLookupAttributesException');
      const backwards = await errorOf(() =>
        client().send(
          new LookupEventsCommand({
            StartTime: NOW,
            EndTime: new Date(NOW.getTime() - 1000),
          }),
        ),
      );
      expect(backwards.name).toBe('InvalidTimeRangeException');
      const forged = await errorOf(() =>
        client().send(
          new LookupEventsCommand({ NextToken: 'NTA.not-a-real-token' }),
        ),
      );
      expect(forged.name).toBe('InvalidNextTokenException');
      // A token must come back with the same filters.
      const first = await client().send(
        new LookupEventsCommand({ MaxResults: 5 }),
      );
      const changed = await errorOf(() =>
        client().send(
          new LookupEventsCommand({
            NextToken: first.NextToken,
            LookupAttributes: [
              { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
            ],
          }),
        ),
      );
      expect(changed.name).toBe('InvalidNextTokenException');
    });
  });

  it('only looks 90 days back', async () => {
    const old = generatePlatform({
      pbcs: 5,
      accounts: 1,
      regions: ['eu-west-1'],
      rules: 5,
      resources: 40,
      events: 600,
      days: 180,
      now: NOW,
    });
    const local = await startAwsLocal({
      platform: old,
      lookupEventsPerSecond: 0,
    });
    try {
      const seen = [];
      for await (const page of paginateLookupEvents(
        { client: cloudTrailClient(local.url) },
        {},
      )) {
        seen.push(...page.Events!);
      }
      const cutoff = NOW.getTime() - 90 * 86_400_000;
      const inWindow = Array.from(old.events.indicesIn(account, region)).filter(
        i => old.events.timeOf(i) >= cutoff,
      );
      expect(inWindow.length).toBeLessThan(old.events.length);
      expect(seen).toHaveLength(inWindow.length);
      expect(seen.every(e => e.EventTime!.getTime() >= cutoff)).toBe(true);
    } finally {
      await local.close();
    }
  });

  describe('rate limit', () => {
    let local: AwsLocal;
    beforeAll(async () => {
      local = await startAwsLocal({ platform });
    });
    afterAll(() => local.close());

    it('throttles above 2 calls a second per account and Region, not across accounts', async () => {
      local.resetStats();
      const a = cloudTrailClient(local.url, {
        accountId: '222222222222',
        region: 'us-east-1',
      });
      const started = Date.now();
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          a.send(new LookupEventsCommand({ MaxResults: 1 })),
        ),
      );
      const elapsed = (Date.now() - started) / 1000;
      const ok = results.filter(r => r.status === 'fulfilled').length;
      const throttled = results.filter(
        r =>
          r.status === 'rejected' &&
          (r.reason as Error).name === 'ThrottlingException',
      );
      // A bucket of 2 that refills at 2/s.
      expect(ok).toBeGreaterThanOrEqual(2);
      expect(ok).toBeLessThanOrEqual(2 + Math.ceil(2 * elapsed));
      expect(throttled.length).toBe(6 - ok);
      expect(local.stats().throttled).toBe(throttled.length);

      // Another account (and the same account in another Region) has its own bucket.
      const b = cloudTrailClient(local.url, {
        accountId: '333333333333',
        region: 'us-east-1',
      });
      const c = cloudTrailClient(local.url, {
        accountId: '222222222222',
        region: 'eu-west-1',
      });
      await expect(
        b.send(new LookupEventsCommand({ MaxResults: 1 })),
      ).resolves.toBeDefined();
      await expect(
        c.send(new LookupEventsCommand({ MaxResults: 1 })),
      ).resolves.toBeDefined();
    });

    it('lets the SDK retry recover from throttling', async () => {
      local.resetStats();
      const client = cloudTrailClient(local.url, {
        accountId: '333333333333',
        region: 'eu-west-1',
        maxAttempts: 6,
        retryDelayMs: 600,
      });
      const pages = await Promise.all(
        Array.from({ length: 5 }, () =>
          client.send(new LookupEventsCommand({ MaxResults: 2 })),
        ),
      );
      expect(pages.every(p => p.Events!.length === 2)).toBe(true);
      expect(local.stats().throttled).toBeGreaterThan(0);
      expect(
        Math.max(...pages.map(p => p.$metadata.attempts ?? 1)),
      ).toBeGreaterThan(1);
      expect(local.stats().byOperation.LookupEvents).toBe(
        5 + local.stats().throttled,
      );
    });
  });
});
