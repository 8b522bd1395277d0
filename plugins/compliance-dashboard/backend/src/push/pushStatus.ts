import { PushConsumerStatus } from '@pbc-portal/plugin-compliance-dashboard-common';
import { PushConsumer } from './PushConsumer';

/** What `GET /status` shows of this replica's consumer; none when no queue is configured. */
export function pushConsumerStatus(
  consumer?: PushConsumer,
): PushConsumerStatus {
  if (!consumer) {
    return {
      enabled: false,
      handled: 0,
      received: 0,
      applied: 0,
      duplicates: 0,
      poison: 0,
    };
  }
  return { enabled: true, ...consumer.status() };
}
