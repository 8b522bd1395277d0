/**
 * Settings of the reference patterns that are not names. Names (exports, resources, tags,
 * ports) are the naming contract in `@pbc-portal/pbc-domain` (`naming.ts`), shared with the
 * platform stack and the compliance dashboard; import them from there.
 */

/** Retention and redrive settings of the messaging pattern (PBC-MSG-01, PBC-MSG-08). */
export const MESSAGING = {
  maxReceiveCount: 5,
  /** 14 days, the SQS maximum, so a parked message outlives a long weekend and a holiday. */
  deadLetterRetentionSeconds: 1_209_600,
  /** 4 days. */
  queueRetentionSeconds: 345_600,
  /** Consumer timeout assumed when the spec does not give one; the queue waits six times it. */
  consumerTimeoutSeconds: 30,
  receiveWaitSeconds: 20,
  /** A message older than this in a queue means its consumer is stuck or too slow. */
  oldestMessageAlarmSeconds: 900,
} as const;

/** `order-placed` → `OrderPlaced`, for logical ids. */
export function pascalCase(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}
