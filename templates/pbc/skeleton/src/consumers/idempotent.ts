import type { ProcessedMessageStore } from '../dedup/store';
import type { EventEnvelope } from '../events';

/**
 * How long a claim holds before another delivery may take the event over. Longer than the
 * slowest handler, shorter than the queue's visibility timeout (six times the 30-second
 * consumer timeout the reference patterns assume).
 */
export const CLAIM_LEASE_MS = 60_000;

export type ConsumeResult = 'handled' | 'duplicate';

/**
 * Runs `handle` for an event at most once per consumer, however often it is delivered. A
 * failing handler gives its claim back and rethrows, so the queue redelivers the event and,
 * after the receive limit, parks it in the dead-letter queue.
 */
export async function consumeOnce<T>(
  store: ProcessedMessageStore,
  consumer: string,
  event: EventEnvelope<T>,
  handle: (event: EventEnvelope<T>) => Promise<void>,
): Promise<ConsumeResult> {
  if (!event.id) {
    throw new Error(
      `${consumer}: an event without an id cannot be deduplicated`,
    );
  }
  if (!(await store.claim(consumer, event.id, CLAIM_LEASE_MS))) {
    return 'duplicate';
  }
  try {
    await handle(event);
  } catch (error) {
    await store.release(consumer, event.id);
    throw error;
  }
  await store.complete(consumer, event.id);
  return 'handled';
}
