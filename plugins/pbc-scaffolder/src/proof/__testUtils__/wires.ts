import {
  PbcSpec,
  parseConsumedEvent,
  queueNames,
  topicName,
} from '@pbc-portal/pbc-domain';
import type { Wire } from './deploy';

/**
 * The topic→queue connections a set of PBCs must have, from their specs alone: each consumed
 * `<producer>.<event>` is the producer's topic (in the producer's account and Region, FIFO
 * when the producer is PCI-scoped) delivering into the consumer's queue (in the consumer's
 * account and Region; standard or FIFO, whichever the patterns chose).
 */
export function expectedWires(specs: PbcSpec[]): Wire[] {
  const byName = new Map(specs.map(s => [s.name, s]));
  return specs.flatMap(consumer =>
    consumer.consumes.map(consumed => {
      const { producer, event } = parseConsumedEvent(consumed);
      const source = byName.get(producer);
      if (!source) {
        throw new Error(`${consumer.name} consumes ${consumed}: no such PBC`);
      }
      return {
        label: `${producer}.${event} → ${consumer.name}`,
        producer,
        consumer: consumer.name,
        topic: {
          account: source.awsAccountId,
          region: source.awsRegion,
          name: topicName(producer, event, source.pciScope),
        },
        queue: {
          account: consumer.awsAccountId,
          region: consumer.awsRegion,
          names: [false, true].map(
            fifo => queueNames(consumer.name, producer, event, fifo).queue,
          ),
        },
        // SNS redrives only within the subscription's Region (subscriptions.ts).
        deadLetterQueue:
          source.awsRegion === consumer.awsRegion
            ? queueNames(consumer.name, producer, event, source.pciScope)
                .deadLetterQueue
            : undefined,
      };
    }),
  );
}
