import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { consumeOnce } from '../consumers/idempotent';
import { InMemoryProcessedMessageStore } from '../dedup/store';
import type { EventEnvelope } from '../events';
import { QueueWorker, type SqsSender } from './worker';

/**
 * An SQS stand-in: hands out the given batches one receive at a time, then long-polls until
 * the worker cancels the request, as SQS does with an empty queue.
 */
class FakeSqs {
  readonly commands: object[] = [];
  readonly batches: Array<Message[] | Error>;
  #emptyPolled!: () => void;
  /** Resolves when the worker is waiting on an empty queue: everything before is done. */
  readonly drained = new Promise<void>(resolve => {
    this.#emptyPolled = resolve;
  });

  constructor(batches: Array<Message[] | Error>) {
    this.batches = batches;
  }

  async send(command: object, options?: { abortSignal?: AbortSignal }) {
    this.commands.push(command);
    if (!(command instanceof ReceiveMessageCommand)) {
      return {};
    }
    const next = this.batches.shift();
    if (next instanceof Error) {
      throw next;
    }
    if (next) {
      return { Messages: next };
    }
    this.#emptyPolled();
    return new Promise((_, reject) =>
      options?.abortSignal?.addEventListener('abort', () =>
        reject(new Error('Request aborted')),
      ),
    );
  }

  of<T extends object>(type: new (...args: any[]) => T): T[] {
    return this.commands.filter((c): c is T => c instanceof type);
  }
}

function message(id: string, receipt: string, receiveCount = 1): Message {
  const envelope: EventEnvelope = {
    id,
    type: 'order.order-placed',
    time: new Date(0).toISOString(),
    data: { orderId: 'o-1' },
  };
  return {
    MessageId: `m-${receipt}`,
    ReceiptHandle: receipt,
    Body: JSON.stringify(envelope),
    Attributes: { ApproximateReceiveCount: String(receiveCount) },
  };
}

function worker(sqs: FakeSqs, consume: (event: EventEnvelope) => Promise<void>) {
  const store = new InMemoryProcessedMessageStore();
  return new QueueWorker({
    sqs: sqs as unknown as SqsSender,
    event: 'order.order-placed',
    queueUrl: 'https://sqs.example/queue',
    consume: event => consumeOnce(store, 'test', event, consume),
    waitTimeSeconds: 20,
    visibilityTimeoutSeconds: 180,
    receiveRetryMs: 1,
  });
}

test('long-polls with the queue settings and deletes a handled message', async () => {
  const sqs = new FakeSqs([[message('evt-1', 'r1')]]);
  const seen: string[] = [];
  const w = worker(sqs, async event => {
    seen.push(event.id);
  });
  w.start();
  await sqs.drained;
  await w.stop();
  assert.deepEqual(seen, ['evt-1']);
  const [receive] = sqs.of(ReceiveMessageCommand);
  assert.equal(receive.input.WaitTimeSeconds, 20);
  assert.equal(receive.input.VisibilityTimeout, 180);
  assert.equal(receive.input.QueueUrl, 'https://sqs.example/queue');
  assert.deepEqual(
    sqs.of(DeleteMessageCommand).map(c => c.input.ReceiptHandle),
    ['r1'],
  );
});

test('a redelivered event is handled once and both deliveries are deleted', async () => {
  const sqs = new FakeSqs([[message('evt-1', 'r1')], [message('evt-1', 'r2')]]);
  let calls = 0;
  const w = worker(sqs, async () => {
    calls += 1;
  });
  w.start();
  await sqs.drained;
  await w.stop();
  assert.equal(calls, 1);
  assert.deepEqual(
    sqs.of(DeleteMessageCommand).map(c => c.input.ReceiptHandle),
    ['r1', 'r2'],
  );
  assert.deepEqual(
    { handled: w.health().handled, duplicates: w.health().duplicates },
    { handled: 1, duplicates: 1 },
  );
});

test('a failed message is left for redelivery, sooner with each receive', async () => {
  const sqs = new FakeSqs([[message('evt-1', 'r1', 3)], [message('evt-1', 'r2', 4)]]);
  let calls = 0;
  const w = worker(sqs, async () => {
    calls += 1;
    if (calls === 1) {
      throw new Error('downstream unavailable');
    }
  });
  w.start();
  await sqs.drained;
  await w.stop();
  // The first delivery failed: not deleted, visible again after 5 s * 2^(3-1).
  assert.deepEqual(
    sqs.of(ChangeMessageVisibilityCommand).map(c => [c.input.ReceiptHandle, c.input.VisibilityTimeout]),
    [['r1', 20]],
  );
  // The claim was released, so the redelivery is handled, then deleted.
  assert.equal(calls, 2);
  assert.deepEqual(
    sqs.of(DeleteMessageCommand).map(c => c.input.ReceiptHandle),
    ['r2'],
  );
});

test('a message that is not an envelope is never deleted (it ends in the DLQ)', async () => {
  const poison: Message = { MessageId: 'm-x', ReceiptHandle: 'rx', Body: 'not json' };
  const sqs = new FakeSqs([[poison]]);
  let calls = 0;
  const w = worker(sqs, async () => {
    calls += 1;
  });
  w.start();
  await sqs.drained;
  await w.stop();
  assert.equal(calls, 0);
  assert.equal(sqs.of(DeleteMessageCommand).length, 0);
  assert.equal(w.health().failed, 1);
});

test('stop finishes the message in hand before it resolves, and polls no more', async () => {
  const sqs = new FakeSqs([[message('evt-1', 'r1')]]);
  let release!: () => void;
  let inHandler!: () => void;
  const handling = new Promise<void>(resolve => {
    inHandler = resolve;
  });
  const w = worker(sqs, async () => {
    inHandler();
    await new Promise<void>(done => {
      release = done;
    });
  });
  w.start();
  await handling;
  let stopped = false;
  const stopping = w.stop().then(() => {
    stopped = true;
  });
  await new Promise(resolve => setTimeout(resolve, 20));
  assert.equal(stopped, false, 'stop waits for the handler');
  assert.equal(sqs.of(DeleteMessageCommand).length, 0);
  release();
  await stopping;
  assert.deepEqual(
    sqs.of(DeleteMessageCommand).map(c => c.input.ReceiptHandle),
    ['r1'],
  );
  assert.equal(sqs.of(ReceiveMessageCommand).length, 1);
  assert.equal(w.health().reason, 'stopping');
});

test('stop cancels a pending long poll', { timeout: 5_000 }, async () => {
  const sqs = new FakeSqs([]);
  const w = worker(sqs, async () => undefined);
  w.start();
  await sqs.drained;
  const before = Date.now();
  await w.stop();
  assert.ok(Date.now() - before < 1_000);
});

test('health: unhealthy before start and while receives fail, healthy once one succeeds', async () => {
  // Two denied receives, then an empty long poll that returns.
  const sqs = new FakeSqs([new Error('AccessDenied'), new Error('AccessDenied'), []]);
  const w = worker(sqs, async () => undefined);
  assert.equal(w.health().healthy, false);
  w.start();
  await new Promise(r => setTimeout(r, 0));
  assert.equal(w.health().healthy, false);
  assert.match(w.health().reason ?? '', /no successful receive/);
  await sqs.drained;
  assert.equal(w.health().healthy, true);
  await w.stop();
  assert.equal(w.health().healthy, false);
});

test('health: unhealthy when no receive returned for two long polls', async () => {
  let clock = 0;
  const sqs = new FakeSqs([[]]);
  const w = new QueueWorker({
    sqs: sqs as unknown as SqsSender,
    event: 'order.order-placed',
    queueUrl: 'https://sqs.example/queue',
    consume: async () => 'handled',
    waitTimeSeconds: 20,
    visibilityTimeoutSeconds: 180,
    now: () => clock,
  });
  w.start();
  await sqs.drained;
  clock = 50_000;
  assert.equal(w.health().healthy, true);
  clock = 50_001;
  assert.equal(w.health().healthy, false);
  await w.stop();
});
