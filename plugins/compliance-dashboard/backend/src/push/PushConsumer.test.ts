import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  AwsLocal,
  COMPLIANCE_EVENTS_DLQ,
  COMPLIANCE_EVENTS_QUEUE,
  complianceChangeEvent,
  generatePlatform,
  Platform,
} from '@pbc-portal/aws-local';
import { startAwsLocal } from '@pbc-portal/aws-local';
import { AwsComplianceReader } from '../aws/AwsComplianceReader';
import { ChangeDrivenReader } from '../aws/ChangeDrivenReader';
import { localAwsRootConfig, localReader } from '../__testUtils__/fixtures';
import { EventQueue, PushConsumer } from './PushConsumer';
import { SqsEventQueue } from './SqsEventQueue';

/*
 * The push consumer with the real SQS client (JSON protocol) against the
 * local endpoint's queue (visibility 1 s, dead-letter queue after 2
 * receives): nothing lost when the process dies between receive and commit,
 * nothing applied twice, older events ignored, poison messages to the
 * dead-letter queue, and polling when the queue is unreachable.
 */

jest.setTimeout(60_000);

const logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return logger;
  },
} as any;

describe('PushConsumer against aws-local SQS', () => {
  let platform: Platform;
  let local: AwsLocal;
  let sqs: SQSClient;

  beforeAll(async () => {
    platform = generatePlatform({
      pbcs: 6,
      accounts: 2,
      regions: ['eu-west-1'],
      rules: 20,
      resources: 60,
      events: 50,
      days: 2,
      seed: 4,
      now: new Date(Date.now() - 3600_000),
    });
    local = await startAwsLocal({
      platform,
      lookupEventsPerSecond: 0,
      eventQueue: { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 },
    });
    sqs = new SQSClient({
      endpoint: local.url,
      region: local.aggregator.region,
      credentials: {
        accessKeyId: `LOCAL${local.aggregator.accountId}`,
        secretAccessKey: 'x',
      },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    sqs?.destroy();
    await local?.close();
  });

  const depth = (name = COMPLIANCE_EVENTS_QUEUE) =>
    local.queues.depth(local.aggregator.accountId, name);

  /** A reader as a fresh backend process has it, after its first read. */
  async function freshReader() {
    const { clients } = localReader(localAwsRootConfig(platform, local.url));
    const reader = new ChangeDrivenReader({
      full: new AwsComplianceReader(clients),
      clients,
      reconcileEveryMs: 3_600_000,
      overlapMs: 0,
    });
    const first = platform.resources[0];
    const target = { accountId: first.accountId, region: first.region };
    const read = await reader.readConfig(target);
    const evaluation = read.evaluations[0];
    const resource = platform.resources.find(
      r =>
        r.resourceId === evaluation.resourceId &&
        r.accountId === target.accountId &&
        r.region === target.region,
    )!;
    const rule = platform.rule(evaluation.ruleName)!;
    const current = async () =>
      (await reader.readConfig(target)).evaluations.find(
        e => e.resourceId === resource.resourceId && e.ruleName === rule.name,
      )?.compliance;
    return { reader, resource, rule, evaluation, current };
  }

  function event(
    setup: Awaited<ReturnType<typeof freshReader>>,
    compliance: 'COMPLIANT' | 'NON_COMPLIANT',
    at: number,
  ) {
    return JSON.stringify(
      complianceChangeEvent({
        accountId: setup.resource.accountId,
        region: setup.resource.region,
        rule: setup.rule,
        resource: setup.resource,
        oldComplianceType:
          compliance === 'COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT',
        newComplianceType: compliance,
        at,
      }),
    );
  }

  const send = (body: string) =>
    sqs.send(
      new SendMessageCommand({
        QueueUrl: local.eventQueueUrl,
        MessageBody: body,
      }),
    );

  function consumer(
    setup: Awaited<ReturnType<typeof freshReader>>,
    commit: () => Promise<void>,
    queue: EventQueue = new SqsEventQueue({
      client: sqs,
      queueUrl: local.eventQueueUrl,
    }),
  ) {
    return new PushConsumer({
      queue,
      apply: change => setup.reader.applyPushedChange(change),
      commit,
      logger,
      waitSeconds: 1,
      retryMs: 50,
    });
  }

  const opposite = (c?: string) =>
    c === 'COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';

  it('loses nothing when the backend dies between receive and commit', async () => {
    const a = await freshReader();
    const next = opposite(await a.current());
    await send(event(a, next, Date.now()));

    // Process A receives and applies, then dies before its refresh commits.
    const dying = consumer(a, async () => {
      throw new Error('killed');
    });
    await expect(dying.pollOnce()).rejects.toThrow('killed');
    expect(depth()).toBe(1);

    // Process B, started fresh, gets the message after the visibility timeout.
    const b = await freshReader();
    let commits = 0;
    const survivor = consumer(b, async () => {
      commits += 1;
    });
    await new Promise(r => setTimeout(r, 1100));
    const outcome = await survivor.pollOnce();
    expect(outcome).toMatchObject({ received: 1, applied: 1, committed: true });
    expect(commits).toBe(1);
    expect(await b.current()).toBe(next);
    expect(depth()).toBe(0);
  });

  it('applies a duplicate once and deletes it, in the same batch and later', async () => {
    const setup = await freshReader();
    const next = opposite(await setup.current());
    const body = event(setup, next, Date.now());
    await send(body);
    await send(body);
    let commits = 0;
    const c = consumer(setup, async () => {
      commits += 1;
    });
    const first = await c.pollOnce();
    expect(first).toMatchObject({ received: 2, applied: 1 });
    await send(body);
    const second = await c.pollOnce();
    expect(second).toMatchObject({
      received: 1,
      applied: 0,
      duplicates: 1,
      committed: false,
    });
    expect(commits).toBe(1);
    expect(await setup.current()).toBe(next);
    expect(depth()).toBe(0);
    // What /status shows: three messages received and deleted, one applied.
    expect(c.status()).toMatchObject({
      received: 3,
      handled: 3,
      applied: 1,
      duplicates: 1,
    });
    expect(Date.parse(c.status().lastMessageAt!)).toBeGreaterThan(
      Date.now() - 60_000,
    );
  });

  it('ignores an event older than the result it has', async () => {
    const setup = await freshReader();
    const now = Date.now();
    const newer = opposite(await setup.current());
    await send(event(setup, newer, now));
    await send(event(setup, opposite(newer), now - 60_000));
    const c = consumer(setup, async () => {});
    let applied = 0;
    while (depth() > 0) applied += (await c.pollOnce()).applied;
    expect(applied).toBe(1);
    expect(await setup.current()).toBe(newer);
  });

  it('records a pushed CloudTrail call without a refresh, and keeps it if recording fails', async () => {
    const setup = await freshReader();
    const body = JSON.stringify({
      id: 'eb-api-1',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.dynamodb',
      account: setup.resource.accountId,
      region: setup.resource.region,
      time: new Date().toISOString(),
      detail: {
        eventID: 'ct-event-1',
        eventTime: new Date().toISOString(),
        eventName: 'UpdateContinuousBackups',
        eventSource: 'dynamodb.amazonaws.com',
        userIdentity: { arn: 'arn:aws:sts::1:assumed-role/pbc-cart-role/x' },
      },
    });
    await send(body);
    let commits = 0;
    const recorded: string[] = [];
    let failing = true;
    const c = new PushConsumer({
      queue: new SqsEventQueue({ client: sqs, queueUrl: local.eventQueueUrl }),
      apply: change => setup.reader.applyPushedChange(change),
      commit: async () => {
        commits += 1;
      },
      recordApiCalls: async calls => {
        if (failing) throw new Error('database unavailable');
        recorded.push(...calls.map(call => call.event.eventId));
      },
      logger,
      waitSeconds: 1,
    });
    await expect(c.pollOnce()).rejects.toThrow('database unavailable');
    expect(depth()).toBe(1);
    failing = false;
    await new Promise(r => setTimeout(r, 1100));
    const outcome = await c.pollOnce();
    expect(outcome).toMatchObject({ apiCalls: 1, committed: false });
    expect(recorded).toEqual(['ct-event-1']);
    expect(commits).toBe(0);
    expect(depth()).toBe(0);
  });

  it('leaves a poison message to the dead-letter queue', async () => {
    const setup = await freshReader();
    await send('{"not": "an event"');
    const c = consumer(setup, async () => {});
    expect((await c.pollOnce()).poison).toBe(1);
    await new Promise(r => setTimeout(r, 1100));
    expect((await c.pollOnce()).poison).toBe(1);
    await new Promise(r => setTimeout(r, 1100));
    // Received twice (maxReceiveCount 2): the queue moved it.
    expect((await c.pollOnce()).received).toBe(0);
    expect(depth()).toBe(0);
    expect(
      local.queues.bodies(local.aggregator.accountId, COMPLIANCE_EVENTS_DLQ),
    ).toEqual(['{"not": "an event"']);
  });

  it('falls back to polling while the queue is unreachable, and says so', async () => {
    const setup = await freshReader();
    const real = new SqsEventQueue({
      client: sqs,
      queueUrl: local.eventQueueUrl,
    });
    let reachable = false;
    const queue: EventQueue = {
      receive: options =>
        reachable
          ? real.receive(options)
          : new SqsEventQueue({
              client: sqs,
              queueUrl: `${local.eventQueueUrl}-missing`,
            }).receive(options),
      delete: handle => real.delete(handle),
    };
    const c = consumer(setup, async () => {}, queue);
    expect(c.status().lastError).toBeUndefined();
    const controller = new AbortController();
    const running = c.run(controller.signal);
    await new Promise(r => setTimeout(r, 200));
    expect(c.status()).toMatchObject({ mode: 'polling' });
    expect(c.status().reason).toMatch(/QueueDoesNotExist/);
    reachable = true;
    await new Promise(r => setTimeout(r, 1500));
    expect(c.status().mode).toBe('push');
    // The last error stays visible after recovery, with its time.
    expect(c.status().lastError?.message).toMatch(/QueueDoesNotExist/);
    expect(c.status().lastError?.at).toEqual(expect.any(String));
    controller.abort();
    await running;
  });
});
