import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PublishCommand } from '@aws-sdk/client-sns';
import { EventPublisher, type SnsSender } from './publisher';

/** An SNS stand-in that fails the first `failures` publishes. */
function fakeSns(failures = 0) {
  const published: PublishCommand[] = [];
  const sns = {
    async send(command: PublishCommand) {
      published.push(command);
      if (published.length <= failures) {
        throw new Error('socket hang up');
      }
      return { MessageId: String(published.length) };
    },
  };
  return { sns: sns as unknown as SnsSender, published };
}

const topicArn = 'arn:aws:sns:eu-west-1:123456789012:pbc-giftcard-giftcard-issued';

test('publishes the envelope on the topic', async () => {
  const { sns, published } = fakeSns();
  const publisher = new EventPublisher<{ cardId: string }>({
    sns,
    topicArn,
    type: 'giftcard.giftcard-issued',
    fifo: false,
  });
  const event = await publisher.publish({ cardId: 'c-1' }, { time: new Date(0) });
  assert.equal(published.length, 1);
  const input = published[0].input;
  assert.equal(input.TopicArn, topicArn);
  assert.deepEqual(JSON.parse(input.Message!), {
    id: event.id,
    type: 'giftcard.giftcard-issued',
    time: '1970-01-01T00:00:00.000Z',
    data: { cardId: 'c-1' },
  });
  assert.match(event.id, /^[0-9a-f-]{36}$/);
  // A standard topic refuses FIFO parameters.
  assert.equal(input.MessageGroupId, undefined);
  assert.equal(input.MessageDeduplicationId, undefined);
});

test('a retried publish reuses the event id', async () => {
  const { sns, published } = fakeSns(2);
  const publisher = new EventPublisher({
    sns,
    topicArn,
    type: 'giftcard.giftcard-issued',
    fifo: false,
    retryDelayMs: 1,
  });
  const event = await publisher.publish({});
  assert.equal(published.length, 3);
  const ids = published.map(c => JSON.parse(c.input.Message!).id);
  assert.deepEqual(ids, [event.id, event.id, event.id]);
});

test('two publishes are two events', async () => {
  const { sns } = fakeSns();
  const publisher = new EventPublisher({ sns, topicArn, type: 't.e', fifo: false });
  const a = await publisher.publish({});
  const b = await publisher.publish({});
  assert.notEqual(a.id, b.id);
});

test('gives up after its attempts, with the last error', async () => {
  const { sns, published } = fakeSns(5);
  const publisher = new EventPublisher({
    sns,
    topicArn,
    type: 't.e',
    fifo: false,
    attempts: 3,
    retryDelayMs: 1,
  });
  await assert.rejects(publisher.publish({}), /socket hang up/);
  assert.equal(published.length, 3);
});

test('FIFO: the group is the given key and the deduplication id is the event id', async () => {
  const { sns, published } = fakeSns(1);
  const publisher = new EventPublisher({
    sns,
    topicArn: `${topicArn}.fifo`,
    type: 'giftcard.giftcard-issued',
    fifo: true,
    retryDelayMs: 1,
  });
  const event = await publisher.publish({}, { groupId: 'card-42' });
  assert.deepEqual(
    published.map(c => [c.input.MessageGroupId, c.input.MessageDeduplicationId]),
    [
      ['card-42', event.id],
      ['card-42', event.id],
    ],
  );
  await publisher.publish({});
  assert.equal(published[2].input.MessageGroupId, 'giftcard.giftcard-issued');
});
