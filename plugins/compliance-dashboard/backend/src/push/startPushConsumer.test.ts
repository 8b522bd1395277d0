import { ConfigReader } from '@backstage/config';
import { generatePlatform, startAwsLocal } from '@pbc-portal/aws-local';
import { localAwsRootConfig } from '../__testUtils__/fixtures';
import { pushConsumerStatus } from './pushStatus';
import { startPushConsumer } from './startPushConsumer';

const logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return logger;
  },
} as any;

describe('startPushConsumer', () => {
  it('reads the configured queue with the aws integration credentials and commits through a refresh', async () => {
    const platform = generatePlatform({
      pbcs: 4,
      accounts: 1,
      regions: ['eu-west-1'],
      rules: 10,
      resources: 20,
      events: 10,
      days: 2,
      seed: 2,
      now: new Date(),
    });
    const local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
    const hooks: Array<() => void> = [];
    try {
      const requested: string[] = [];
      const consumer = startPushConsumer({
        config: new ConfigReader(
          localAwsRootConfig(platform, local.url, {
            push: { queueUrl: local.eventQueueUrl, region: 'eu-west-1' },
          }),
        ),
        logger,
        reader: {} as any,
        service: {
          requestRefresh: async () => {
            requested.push('r');
            return { id: 'r1' };
          },
          getRefresh: async () => ({ state: 'succeeded' }),
        },
        onShutdown: hook => hooks.push(hook),
      })!;
      expect(consumer).toBeDefined();
      // A change in the platform: its event is received, committed, deleted.
      local.changes.churn(0.1);
      const depth = () =>
        local.queues.depth(
          local.aggregator.accountId,
          'pbc-portal-compliance-events',
        );
      expect(depth()).toBeGreaterThan(0);
      for (let i = 0; i < 100 && depth() > 0; i++) {
        await new Promise(r => setTimeout(r, 100));
      }
      expect(depth()).toBe(0);
      expect(requested.length).toBeGreaterThan(0);
      // What GET /status shows of this replica's consumer.
      const shown = pushConsumerStatus(consumer);
      expect(shown).toMatchObject({ enabled: true, mode: 'push' });
      expect(shown.handled).toBeGreaterThan(0);
      expect(shown.handled).toBe(shown.received);
      expect(shown.lastMessageAt).toEqual(expect.any(String));
      expect(shown.lastError).toBeUndefined();
    } finally {
      hooks.forEach(h => h());
      await local.close();
    }
  });

  it('does nothing without a queue, and refuses a queue URL it cannot read', () => {
    const base = {
      logger,
      reader: {} as any,
      service: {} as any,
      onShutdown: () => {},
    };
    const none = startPushConsumer({ ...base, config: new ConfigReader({}) });
    expect(none).toBeUndefined();
    expect(pushConsumerStatus(none)).toMatchObject({
      enabled: false,
      handled: 0,
    });
    expect(() =>
      startPushConsumer({
        ...base,
        config: new ConfigReader({
          complianceDashboard: {
            push: {
              queueUrl: 'https://example.com/not-a-queue',
              region: 'eu-west-1',
            },
          },
        }),
      }),
    ).toThrow(/push.queueUrl/);
  });
});
