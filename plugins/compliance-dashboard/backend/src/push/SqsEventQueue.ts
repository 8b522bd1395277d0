import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { EventQueue, QueueMessage } from './PushConsumer';

/** The event queue on SQS (JSON protocol), with the real SDK client. */
export class SqsEventQueue implements EventQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #visibilitySeconds?: number;

  constructor(options: {
    client: SQSClient;
    queueUrl: string;
    /** How long a received batch stays invisible; default the queue's. */
    visibilitySeconds?: number;
  }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#visibilitySeconds = options.visibilitySeconds;
  }

  async receive(options: {
    waitSeconds: number;
    maxMessages: number;
    signal?: AbortSignal;
  }): Promise<QueueMessage[]> {
    const out = await this.#client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.#queueUrl,
        WaitTimeSeconds: options.waitSeconds,
        MaxNumberOfMessages: options.maxMessages,
        VisibilityTimeout: this.#visibilitySeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
      { abortSignal: options.signal },
    );
    return (out.Messages ?? []).flatMap(m =>
      m.MessageId && m.ReceiptHandle && m.Body !== undefined
        ? [
            {
              messageId: m.MessageId,
              receiptHandle: m.ReceiptHandle,
              body: m.Body,
              receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
            },
          ]
        : [],
    );
  }

  async delete(receiptHandle: string): Promise<void> {
    await this.#client.send(
      new DeleteMessageCommand({
        QueueUrl: this.#queueUrl,
        ReceiptHandle: receiptHandle,
      }),
    );
  }
}
