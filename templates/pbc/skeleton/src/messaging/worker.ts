import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ConsumeResult } from '../consumers/idempotent';
import { parseEnvelope, type EventEnvelope } from '../events';

/** What a worker needs of the SQS client; tests pass a fake with the same `send`. */
export type SqsSender = Pick<SQSClient, 'send'>;

export interface QueueWorkerOptions {
  sqs: SqsSender;
  /** `<producer>.<event>`, for logs and `/health`. */
  event: string;
  queueUrl: string;
  consume(event: EventEnvelope): Promise<ConsumeResult>;
  /** Long polling: the queue's ReceiveMessageWaitTimeSeconds (20 s, the SQS maximum). */
  waitTimeSeconds: number;
  /** The queue's visibility timeout: six times the consumer timeout of the patterns. */
  visibilityTimeoutSeconds: number;
  /** Up to 10 (the SQS maximum) messages handled together. */
  batchSize?: number;
  /** First wait after a failed receive; doubles up to the wait time. */
  receiveRetryMs?: number;
  log?: Pick<Console, 'info' | 'warn' | 'error'>;
  now?: () => number;
}

export interface WorkerHealth {
  event: string;
  healthy: boolean;
  /** Why not, when not. */
  reason?: string;
  lastReceiveAt?: string;
  handled: number;
  duplicates: number;
  failed: number;
}

/**
 * Polls one queue and hands each message to its idempotent consumer. A message is deleted
 * only after the consumer handled it (or found it a duplicate); on failure it is left on the
 * queue and becomes visible again after a short back-off, so SQS redelivers it and, after the
 * queue's receive limit, parks it in the dead-letter queue, whose alarm pages someone.
 */
export class QueueWorker {
  readonly #options: Required<Omit<QueueWorkerOptions, 'log'>> &
    Pick<QueueWorkerOptions, 'log'>;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #startedAt = 0;
  #lastReceiveAt: number | undefined;
  #receiveFailures = 0;
  #stopping = false;
  readonly #counts = { handled: 0, duplicates: 0, failed: 0 };

  constructor(options: QueueWorkerOptions) {
    this.#options = {
      batchSize: 10,
      receiveRetryMs: 1_000,
      now: Date.now,
      ...options,
    };
  }

  start(): void {
    if (this.#loop === undefined) {
      this.#startedAt = this.#options.now();
      this.#loop = this.#run();
    }
  }

  /**
   * Stops polling (the pending long poll is cancelled) and resolves when the messages in hand
   * are finished: SIGTERM never cuts a handler in half.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#abort.abort();
    await this.#loop;
  }

  /**
   * Healthy while it polls: a receive succeeded within two long polls. A worker that cannot
   * reach its queue (permissions, key policy, network) turns the task unhealthy, so a bad
   * deployment is rolled back instead of silently letting messages age.
   */
  health(): WorkerHealth {
    const { event, waitTimeSeconds, now } = this.#options;
    const base = { event, ...this.#counts };
    const last =
      this.#lastReceiveAt === undefined
        ? undefined
        : new Date(this.#lastReceiveAt).toISOString();
    if (this.#stopping) {
      return { ...base, healthy: false, reason: 'stopping', lastReceiveAt: last };
    }
    if (this.#loop === undefined) {
      return { ...base, healthy: false, reason: 'not started' };
    }
    const staleAfterMs = 2 * (waitTimeSeconds * 1000 + 5_000);
    // Before the first receive returns, the clock runs from the start: a poll that hangs
    // turns the worker unhealthy too.
    const since = this.#lastReceiveAt ?? this.#startedAt;
    if (
      (this.#lastReceiveAt === undefined && this.#receiveFailures > 0) ||
      now() - since > staleAfterMs
    ) {
      return {
        ...base,
        healthy: false,
        reason: `no successful receive (${this.#receiveFailures} failed in a row)`,
        lastReceiveAt: last,
      };
    }
    return { ...base, healthy: true, lastReceiveAt: last };
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let messages: Message[];
      try {
        messages = await this.#receive();
        this.#receiveFailures = 0;
        this.#lastReceiveAt = this.#options.now();
      } catch (error) {
        if (this.#stopping) {
          break;
        }
        this.#receiveFailures += 1;
        this.#options.log?.error(
          `${this.#options.event}: receive failed: ${String(error)}`,
        );
        await this.#pause();
        continue;
      }
      // Handled together; the batch finishes even when a stop arrives meanwhile.
      await Promise.all(messages.map(message => this.#process(message)));
    }
  }

  #receive(): Promise<Message[]> {
    const { sqs, queueUrl, batchSize, waitTimeSeconds, visibilityTimeoutSeconds } =
      this.#options;
    return sqs
      .send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: batchSize,
          WaitTimeSeconds: waitTimeSeconds,
          VisibilityTimeout: visibilityTimeoutSeconds,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
        { abortSignal: this.#abort.signal },
      )
      .then(output => output.Messages ?? []);
  }

  async #process(message: Message): Promise<void> {
    const { sqs, queueUrl, event, log } = this.#options;
    try {
      // A body that is not an envelope throws here and takes the failure path: it ends in
      // the dead-letter queue after the receive limit, where someone looks at it.
      const envelope = parseEnvelope(message.Body ?? '');
      const result = await this.#options.consume(envelope);
      this.#counts[result === 'handled' ? 'handled' : 'duplicates'] += 1;
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    } catch (error) {
      this.#counts.failed += 1;
      log?.warn(
        `${event}: message ${message.MessageId} failed, left for redelivery: ${String(error)}`,
      );
      await this.#retryLater(message);
    }
  }

  /**
   * Makes a failed message visible again sooner than the full visibility timeout, backing off
   * with each receive. Best effort: if it fails, the message still comes back on its own.
   */
  async #retryLater(message: Message): Promise<void> {
    const { sqs, queueUrl, visibilityTimeoutSeconds, log, event } = this.#options;
    const receives = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
    const delay = Math.min(visibilityTimeoutSeconds, 5 * 2 ** (receives - 1));
    try {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: delay,
        }),
      );
    } catch (error) {
      log?.warn(`${event}: could not shorten the visibility timeout: ${String(error)}`);
    }
  }

  #pause(): Promise<void> {
    const { receiveRetryMs, waitTimeSeconds } = this.#options;
    const ms = Math.min(
      receiveRetryMs * 2 ** Math.min(this.#receiveFailures - 1, 10),
      waitTimeSeconds * 1000,
    );
    const signal = this.#abort.signal;
    return new Promise(resolve => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
