import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from './errors';

/**
 * SQS queues with the semantics the push consumer relies on: visibility
 * timeouts, long polling, receive counts and a redrive policy that moves a
 * message received `maxReceiveCount` times to its dead-letter queue.
 */

interface StoredMessage {
  id: string;
  body: string;
  md5: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  receiptHandle?: string;
}

interface Queue {
  accountId: string;
  region: string;
  name: string;
  visibilityTimeoutSeconds: number;
  messages: StoredMessage[];
  redrive?: { deadLetterQueue: string; maxReceiveCount: number };
  waiters: Set<() => void>;
}

/** @public */
export interface LocalQueueOptions {
  accountId: string;
  region: string;
  name: string;
  visibilityTimeoutSeconds?: number;
  /** Name of the dead-letter queue (same account and Region) and the receives before a message moves there. */
  redrive?: { deadLetterQueue: string; maxReceiveCount: number };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** The queues of one aws-local server. @public */
export class LocalQueues {
  readonly #queues = new Map<string, Queue>();
  readonly #baseUrl: () => string;
  readonly #now: () => number;
  #closed = false;

  constructor(baseUrl: () => string, now: () => number = Date.now) {
    this.#baseUrl = baseUrl;
    this.#now = now;
  }

  create(options: LocalQueueOptions): string {
    const key = `${options.accountId}/${options.name}`;
    if (!this.#queues.has(key)) {
      this.#queues.set(key, {
        accountId: options.accountId,
        region: options.region,
        name: options.name,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
        messages: [],
        redrive: options.redrive,
        waiters: new Set(),
      });
    }
    return this.urlOf(options.accountId, options.name);
  }

  /** Ends every long poll (the server is closing). */
  close(): void {
    this.#closed = true;
    for (const queue of this.#queues.values()) {
      for (const wake of [...queue.waiters]) wake();
    }
  }

  urlOf(accountId: string, name: string): string {
    return `${this.#baseUrl()}/${accountId}/${name}`;
  }

  /** Messages in a queue, visible or not (tests and the CLI). */
  depth(accountId: string, name: string): number {
    return this.#queues.get(`${accountId}/${name}`)?.messages.length ?? 0;
  }

  /** Empties a queue (PurgeQueue without its 60-second wait). */
  purge(accountId: string, name: string): void {
    const queue = this.#queues.get(`${accountId}/${name}`);
    if (queue) queue.messages.length = 0;
  }

  /** Bodies of a queue's messages (tests). */
  bodies(accountId: string, name: string): string[] {
    return (
      this.#queues.get(`${accountId}/${name}`)?.messages.map(m => m.body) ?? []
    );
  }

  send(accountId: string, name: string, body: string): string {
    const queue = this.#queues.get(`${accountId}/${name}`);
    if (!queue) throw nonExistent();
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      md5: md5(body),
      sentAt: this.#now(),
      visibleAt: this.#now(),
      receiveCount: 0,
    };
    queue.messages.push(message);
    for (const wake of [...queue.waiters]) wake();
    return message.id;
  }

  #queueOf(accountId: string, body: Record<string, unknown>): Queue {
    const url = body.QueueUrl;
    if (typeof url !== 'string' || url === '') {
      throw new AwsError(
        'InvalidAddress',
        'The address  is not valid for this endpoint.',
      );
    }
    const parts = url.split('/');
    const name = parts[parts.length - 1];
    const owner = parts[parts.length - 2];
    const queue = this.#queues.get(`${owner}/${name}`);
    // Cross-account access is not modelled: a queue is its account's.
    if (!queue || owner !== accountId) throw nonExistent();
    return queue;
  }

  sendMessage(ctx: { accountId: string }, body: Record<string, unknown>) {
    const queue = this.#queueOf(ctx.accountId, body);
    if (typeof body.MessageBody !== 'string' || body.MessageBody === '') {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter MessageBody.',
      );
    }
    const id = this.send(queue.accountId, queue.name, body.MessageBody);
    return { MessageId: id, MD5OfMessageBody: md5(body.MessageBody) };
  }

  getQueueUrl(ctx: { accountId: string }, body: Record<string, unknown>) {
    const name = body.QueueName;
    if (
      typeof name !== 'string' ||
      !this.#queues.has(`${ctx.accountId}/${name}`)
    ) {
      throw nonExistent();
    }
    return { QueueUrl: this.urlOf(ctx.accountId, name) };
  }

  async receiveMessage(
    ctx: { accountId: string },
    body: Record<string, unknown>,
  ) {
    const queue = this.#queueOf(ctx.accountId, body);
    const max = integer(body.MaxNumberOfMessages, 1, 10, 1);
    const wait = integer(body.WaitTimeSeconds, 0, 20, 0);
    const visibility = integer(
      body.VisibilityTimeout,
      0,
      43200,
      queue.visibilityTimeoutSeconds,
    );
    const deadline = this.#now() + wait * 1000;
    for (;;) {
      const taken = this.#take(queue, max, visibility);
      if (taken.length > 0 || this.#now() >= deadline || this.#closed) {
        return {
          Messages: taken.map(m => ({
            MessageId: m.id,
            ReceiptHandle: m.receiptHandle,
            MD5OfBody: m.md5,
            Body: m.body,
            Attributes: {
              ApproximateReceiveCount: String(m.receiveCount),
              SentTimestamp: String(m.sentAt),
            },
          })),
        };
      }
      // Long polling: wake on a new message, a visibility expiry or the end.
      const nextVisible = Math.min(
        deadline,
        ...queue.messages.map(m => m.visibleAt).filter(t => t > this.#now()),
      );
      await new Promise<void>(resolve => {
        const timer = setTimeout(done, Math.max(1, nextVisible - this.#now()));
        function done() {
          clearTimeout(timer);
          queue.waiters.delete(done);
          resolve();
        }
        queue.waiters.add(done);
      });
    }
  }

  #take(queue: Queue, max: number, visibility: number): StoredMessage[] {
    const now = this.#now();
    const taken: StoredMessage[] = [];
    for (const message of [...queue.messages]) {
      if (taken.length >= max) break;
      if (message.visibleAt > now) continue;
      if (
        queue.redrive &&
        message.receiveCount >= queue.redrive.maxReceiveCount
      ) {
        // Received too often without being deleted: to the dead-letter queue.
        queue.messages.splice(queue.messages.indexOf(message), 1);
        const dlq = this.#queues.get(
          `${queue.accountId}/${queue.redrive.deadLetterQueue}`,
        );
        dlq?.messages.push({ ...message, visibleAt: now, receiptHandle: '' });
        continue;
      }
      message.receiveCount += 1;
      message.visibleAt = now + visibility * 1000;
      message.receiptHandle = `${message.id}.${randomUUID()}`;
      taken.push(message);
    }
    return taken;
  }

  deleteMessage(ctx: { accountId: string }, body: Record<string, unknown>) {
    const queue = this.#queueOf(ctx.accountId, body);
    const handle = body.ReceiptHandle;
    if (typeof handle !== 'string' || !handle.includes('.')) {
      throw new AwsError(
        'ReceiptHandleIsInvalid',
        'The input receipt handle is invalid.',
      );
    }
    // A handle of an earlier receive deletes nothing (the message was
    // received again since), as in SQS.
    const index = queue.messages.findIndex(m => m.receiptHandle === handle);
    if (index >= 0) queue.messages.splice(index, 1);
    return {};
  }
}

function nonExistent() {
  return new AwsError(
    'QueueDoesNotExist',
    'The specified queue does not exist.',
  );
}

function integer(
  value: unknown,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined || value === null) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > max
  ) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ${String(value)} must be an integer between ${min} and ${max}.`,
    );
  }
  return value;
}
