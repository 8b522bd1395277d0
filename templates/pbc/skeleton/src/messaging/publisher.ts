import { randomUUID } from 'node:crypto';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { EventEnvelope } from '../events';

/** What a publisher needs of the SNS client; tests pass a fake with the same `send`. */
export type SnsSender = Pick<SNSClient, 'send'>;

export interface EventPublisherOptions {
  sns: SnsSender;
  topicArn: string;
  /** `<pbc>.<event>`, the envelope's type. */
  type: string;
  /** FIFO topics (PCI-scoped PBCs) need a group and a deduplication id on every publish. */
  fifo: boolean;
  /** Attempts in all, on top of the SDK's own retries of one request. */
  attempts?: number;
  retryDelayMs?: number;
}

export interface PublishOptions {
  /** Reuse an id when publishing again something already published once (an outbox). */
  id?: string;
  /**
   * FIFO only: events of one group arrive in order, groups in parallel. Pass the id of the
   * thing the event is about (an order id); the default, the event type, orders everything.
   */
  groupId?: string;
  time?: Date;
}

/**
 * Publishes one event type on its topic, in the envelope consumers deduplicate by. The
 * envelope (and so its id) is built once, before the first attempt: a retry after a timeout
 * that did reach SNS publishes the same id, which consumers recognise, and which a FIFO topic
 * drops itself within its five-minute deduplication window.
 */
export class EventPublisher<T> {
  readonly #options: Required<EventPublisherOptions>;

  constructor(options: EventPublisherOptions) {
    this.#options = { attempts: 3, retryDelayMs: 200, ...options };
  }

  async publish(data: T, options: PublishOptions = {}): Promise<EventEnvelope<T>> {
    const { sns, topicArn, type, fifo, attempts, retryDelayMs } = this.#options;
    const envelope: EventEnvelope<T> = {
      id: options.id ?? randomUUID(),
      type,
      time: (options.time ?? new Date()).toISOString(),
      data,
    };
    const command = new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify(envelope),
      MessageAttributes: {
        'event-type': { DataType: 'String', StringValue: type },
      },
      ...(fifo
        ? {
            MessageGroupId: options.groupId ?? type,
            MessageDeduplicationId: envelope.id,
          }
        : {}),
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await sns.send(command);
        return envelope;
      } catch (error) {
        if (attempt >= attempts) {
          throw error;
        }
        await new Promise(resolve =>
          setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)),
        );
      }
    }
  }
}
