/**
 * The environment a PBC's service reads, which its task definition sets. One module for both
 * sides (the CDK patterns write the variables, the skeleton's generated config reads them), so
 * the names cannot drift apart. Pure: the validation code imports it without loading the CDK.
 */

/** Variables every PBC service gets, whatever its events and data store. */
export const SERVICE_ENV = {
  pbc: 'PBC_NAME',
  port: 'PORT',
  region: 'AWS_REGION',
  /** DynamoDB PBCs: the table the dedup store (and the team's code) writes to. */
  tableName: 'TABLE_NAME',
  /** Aurora PBCs: the standard variables node-postgres reads. */
  pgHost: 'PGHOST',
  pgPort: 'PGPORT',
  pgUser: 'PGUSER',
  pgDatabase: 'PGDATABASE',
  /** The messaging pattern's numbers, so the worker polls as the queue was built for. */
  queueWaitSeconds: 'QUEUE_WAIT_SECONDS',
  queueVisibilityTimeoutSeconds: 'QUEUE_VISIBILITY_TIMEOUT_SECONDS',
} as const;

function upperSnake(value: string): string {
  return value.split('-').join('_').toUpperCase();
}

/** `order.order-placed` → `QUEUE_URL_ORDER_ORDER_PLACED`. */
export function queueUrlEnv(producer: string, event: string): string {
  return `QUEUE_URL_${upperSnake(producer)}_${upperSnake(event)}`;
}

/** `giftcard-issued` → `TOPIC_ARN_GIFTCARD_ISSUED`. Kebab-case maps to it one to one. */
export function topicArnEnv(event: string): string {
  return `TOPIC_ARN_${upperSnake(event)}`;
}
