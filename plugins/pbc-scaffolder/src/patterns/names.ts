import { shortHash } from '@pbc-portal/pbc-domain';

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

/**
 * A logical-id part for a name: PascalCase, and past 24 characters its first 16 plus a hash
 * of the whole, because logical ids are repeated in every reference and count against
 * CloudFormation's template size. Depends on the name only, never on its position in a list.
 */
export function idPart(value: string): string {
  const pascal = pascalCase(value);
  return pascal.length <= 24
    ? pascal
    : `${pascal.slice(0, 16)}${shortHash(value).toUpperCase()}`;
}

/** `order-placed` → `OrderPlaced`, for logical ids. */
export function pascalCase(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}
