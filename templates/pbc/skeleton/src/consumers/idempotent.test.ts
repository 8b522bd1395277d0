import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InMemoryProcessedMessageStore } from '../dedup/store';
import type { EventEnvelope } from '../events';
import { consumeOnce } from './idempotent';

const event: EventEnvelope = {
  id: 'evt-1',
  type: 'example.something-happened',
  time: new Date(0).toISOString(),
  data: {},
};

test('a redelivered event is handled once', async () => {
  const store = new InMemoryProcessedMessageStore();
  let calls = 0;
  const handle = async () => {
    calls += 1;
  };
  assert.equal(await consumeOnce(store, 'c', event, handle), 'handled');
  assert.equal(await consumeOnce(store, 'c', event, handle), 'duplicate');
  assert.equal(calls, 1);
});

test('a failed handler releases its claim so the next delivery retries', async () => {
  const store = new InMemoryProcessedMessageStore();
  await assert.rejects(
    consumeOnce(store, 'c', event, async () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  let calls = 0;
  assert.equal(
    await consumeOnce(store, 'c', event, async () => {
      calls += 1;
    }),
    'handled',
  );
  assert.equal(calls, 1);
});

test('consumers deduplicate independently', async () => {
  const store = new InMemoryProcessedMessageStore();
  const handle = async () => undefined;
  assert.equal(await consumeOnce(store, 'a', event, handle), 'handled');
  assert.equal(await consumeOnce(store, 'b', event, handle), 'handled');
});
