import { LoggerService } from '@backstage/backend-plugin-api';
import { PushedApiCall } from './PushedEventRecorder';
import {
  parseEventBridgeMessage,
  PoisonMessageError,
  PushedComplianceChange,
} from './events';

/** A received message, as the consumer needs it. */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  receiveCount: number;
}

/** The queue, behind a seam (SQS in production, aws-local in tests). */
export interface EventQueue {
  receive(options: {
    waitSeconds: number;
    maxMessages: number;
    signal?: AbortSignal;
  }): Promise<QueueMessage[]>;
  delete(receiptHandle: string): Promise<void>;
}

export interface PushStatus {
  mode: 'push' | 'polling';
  /** Why the consumer fell back to the scheduled polling. */
  reason?: string;
  since: string;
  received: number;
  applied: number;
  duplicates: number;
  poison: number;
  /** Messages committed and deleted from the queue. */
  handled: number;
  /** When the last message was received. */
  lastMessageAt?: string;
  /** The last failure to receive, commit or delete; kept after recovery. */
  lastError?: { message: string; at: string };
}

export interface BatchOutcome {
  received: number;
  applied: number;
  duplicates: number;
  poison: number;
  /** CloudTrail API calls recorded directly (risky or not). */
  apiCalls: number;
  committed: boolean;
}

/**
 * Long-polls the queue the platform's EventBridge rules fill, applies each
 * event to the current state and deletes the messages only once a refresh
 * that includes them has committed a snapshot.
 *
 * - Idempotent by event id: an event already committed is deleted without
 *   being applied again; applying is "set this result if newer", so a
 *   redelivery after a crash between receive and commit changes nothing
 *   twice, and an older event after a newer one is ignored.
 * - A message that can never be processed is left alone: the queue's
 *   redrive policy moves it to the dead-letter queue after maxReceiveCount.
 * - When the queue cannot be read the consumer says so (`status()`) and the
 *   scheduled refresh (change-driven polling) keeps the data current; it
 *   tries the queue again after `retryMs`.
 *
 * Replicas may share the queue: SQS gives each message to one receiver at a
 * time, and a duplicate delivery is absorbed by the idempotent apply and the
 * store's deduplication of events by id.
 */
export class PushConsumer {
  readonly #queue: EventQueue;
  readonly #apply: (change: PushedComplianceChange) => boolean;
  readonly #commit: () => Promise<void>;
  readonly #recordApiCalls?: (calls: PushedApiCall[]) => Promise<unknown>;
  readonly #logger: LoggerService;
  readonly #waitSeconds: number;
  readonly #retryMs: number;
  readonly #now: () => Date;
  /** Event ids committed recently, oldest first (bounded). */
  readonly #committed = new Set<string>();
  readonly #maxRemembered: number;
  #status: PushStatus;

  constructor(options: {
    queue: EventQueue;
    /** Applies a change to the current state; false if it was older than what is there. */
    apply: (change: PushedComplianceChange) => boolean;
    /** Runs a refresh that includes what was applied, and resolves when its snapshot is written. */
    commit: () => Promise<void>;
    /**
     * Records pushed CloudTrail API calls without a refresh; without it, an
     * API call asks for a refresh (whose LookupEvents reads it).
     */
    recordApiCalls?: (calls: PushedApiCall[]) => Promise<unknown>;
    logger: LoggerService;
    waitSeconds?: number;
    retryMs?: number;
    maxRemembered?: number;
    now?: () => Date;
  }) {
    this.#queue = options.queue;
    this.#apply = options.apply;
    this.#commit = options.commit;
    this.#recordApiCalls = options.recordApiCalls;
    this.#logger = options.logger;
    this.#waitSeconds = options.waitSeconds ?? 20;
    this.#retryMs = options.retryMs ?? 60_000;
    this.#maxRemembered = options.maxRemembered ?? 100_000;
    this.#now = options.now ?? (() => new Date());
    this.#status = {
      mode: 'push',
      since: this.#now().toISOString(),
      received: 0,
      applied: 0,
      duplicates: 0,
      poison: 0,
      handled: 0,
    };
  }

  status(): PushStatus {
    return {
      ...this.#status,
      ...(this.#status.lastError
        ? { lastError: { ...this.#status.lastError } }
        : {}),
    };
  }

  /** One long poll and, if it brought events, one commit. */
  async pollOnce(signal?: AbortSignal): Promise<BatchOutcome> {
    const messages = await this.#queue.receive({
      waitSeconds: this.#waitSeconds,
      maxMessages: 10,
      signal,
    });
    if (messages.length > 0) {
      this.#status.lastMessageAt = this.#now().toISOString();
    }
    const outcome: BatchOutcome = {
      received: messages.length,
      applied: 0,
      duplicates: 0,
      poison: 0,
      apiCalls: 0,
      committed: false,
    };
    const apiCalls: PushedApiCall[] = [];
    const toDelete: QueueMessage[] = [];
    const batchIds: string[] = [];
    let needsCommit = false;
    for (const message of messages) {
      let eventId: string;
      try {
        const event = parseEventBridgeMessage(message.body);
        eventId = event.eventId;
        if (this.#committed.has(eventId)) {
          outcome.duplicates += 1;
          toDelete.push(message);
          continue;
        }
        if (event.kind === 'compliance') {
          if (this.#apply(event.change)) outcome.applied += 1;
          needsCommit = true;
        } else if (event.kind === 'api-call') {
          if (this.#recordApiCalls) {
            apiCalls.push({
              accountId: event.accountId,
              region: event.region,
              event: event.event,
            });
          } else {
            // Read by the refresh's LookupEvents.
            needsCommit = true;
          }
        }
      } catch (error) {
        if (!(error instanceof PoisonMessageError)) throw error;
        outcome.poison += 1;
        this.#logger.warn(
          `Push message ${message.messageId} cannot be processed (received ${message.receiveCount} times; the dead-letter queue takes it after the queue's maxReceiveCount): ${error.message}`,
        );
        continue;
      }
      batchIds.push(eventId);
      toDelete.push(message);
    }
    // A failure here leaves every message of the batch in the queue: it
    // comes back after the visibility timeout (recording is idempotent by
    // CloudTrail event id).
    if (apiCalls.length > 0) {
      await this.#recordApiCalls!(apiCalls);
      outcome.apiCalls = apiCalls.length;
    }
    if (needsCommit) {
      await this.#commit();
    }
    outcome.committed = needsCommit;
    for (const id of batchIds) this.#remember(id);
    for (const message of toDelete) {
      await this.#queue.delete(message.receiptHandle);
      this.#status.handled += 1;
    }
    this.#status.received += outcome.received;
    this.#status.applied += outcome.applied;
    this.#status.duplicates += outcome.duplicates;
    this.#status.poison += outcome.poison;
    return outcome;
  }

  /** Polls until the signal aborts, falling back to polling while the queue is unreachable. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.pollOnce(signal);
        if (this.#status.mode === 'polling') {
          this.#logger.info('Push queue reachable again: events are pushed');
          this.#setMode('push');
        }
      } catch (error) {
        if (signal.aborted) return;
        const reason = `${error instanceof Error ? error.name : 'Error'}: ${
          error instanceof Error ? error.message : String(error)
        }`;
        if (this.#status.mode === 'push') {
          this.#logger.warn(
            `Push queue unreachable, falling back to the scheduled refresh: ${reason}`,
          );
        }
        this.#setMode('polling', reason);
        this.#status.lastError = {
          message: reason,
          at: this.#now().toISOString(),
        };
        await new Promise(resolve => {
          const timer = setTimeout(resolve, this.#retryMs);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
      }
    }
  }

  #setMode(mode: PushStatus['mode'], reason?: string) {
    if (this.#status.mode !== mode)
      this.#status.since = this.#now().toISOString();
    this.#status.mode = mode;
    this.#status.reason = reason;
  }

  #remember(id: string) {
    this.#committed.delete(id);
    this.#committed.add(id);
    if (this.#committed.size > this.#maxRemembered) {
      this.#committed.delete(this.#committed.values().next().value as string);
    }
  }
}
