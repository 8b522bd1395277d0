import { InputError } from '@backstage/errors';
import { queueUrlEnv, topicArnEnv } from './serviceEnv';

/** What the skeleton needs to generate one idempotent consumer for a consumed event. */
export interface ConsumerDescriptor {
  /** `<pbc>.<event>`, as in the spec. */
  id: string;
  producer: string;
  event: string;
  /** File name without extension under `src/consumers/`: `<producer>-<event>`. */
  fileName: string;
  /** camelCase identifier, e.g. `orderOrderPlaced`. */
  identifier: string;
  /** PascalCase identifier, e.g. `OrderOrderPlaced`. */
  typeName: string;
  /** Environment variable holding the consumer's queue URL, e.g. `QUEUE_URL_ORDER_ORDER_PLACED`. */
  queueUrlEnv: string;
}

/** What the skeleton needs to generate the publisher of one published event. */
export interface PublisherDescriptor {
  /** The event name, as in the spec, e.g. `giftcard-issued`. */
  event: string;
  /** The envelope's `type`: `<pbc>.<event>`. */
  type: string;
  /** camelCase identifier, e.g. `giftcardIssued`. */
  identifier: string;
  /** Environment variable holding the topic's ARN, e.g. `TOPIC_ARN_GIFTCARD_ISSUED`. */
  topicArnEnv: string;
}

function camelCase(words: string[]): string {
  return words
    .map((word, index) =>
      index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join('');
}

/**
 * One descriptor per consumed event. Two events that map to the same file name (`a-b.c` and
 * `a.b-c`) are refused rather than silently overwriting each other.
 */
export function describeConsumers(consumes: string[]): ConsumerDescriptor[] {
  const byFile = new Map<string, string>();
  return consumes.map(id => {
    const [producer, event] = id.split('.');
    const fileName = `${producer}-${event}`;
    const clash = byFile.get(fileName);
    if (clash) {
      throw new InputError(
        `consumes: '${clash}' and '${id}' would generate the same consumer file src/consumers/${fileName}.ts`,
      );
    }
    byFile.set(fileName, id);
    const words = fileName.split('-');
    return {
      id,
      producer,
      event,
      fileName,
      identifier: camelCase(words),
      typeName: words.map(w => w.charAt(0).toUpperCase() + w.slice(1)).join(''),
      queueUrlEnv: queueUrlEnv(producer, event),
    };
  });
}

/** One descriptor per published event of PBC `pbc`. */
export function describePublishers(
  pbc: string,
  publishes: string[],
): PublisherDescriptor[] {
  return publishes.map(event => ({
    event,
    type: `${pbc}.${event}`,
    identifier: camelCase(event.split('-')),
    topicArnEnv: topicArnEnv(event),
  }));
}
