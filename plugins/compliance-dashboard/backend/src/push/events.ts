import { z } from 'zod';
import { TrailEvent } from '../aws/types';

/** One evaluation result pushed by AWS Config through EventBridge. */
export interface PushedComplianceChange {
  eventId: string;
  accountId: string;
  region: string;
  ruleName: string;
  resourceType: string;
  resourceId: string;
  compliance:
    | 'COMPLIANT'
    | 'NON_COMPLIANT'
    | 'NOT_APPLICABLE'
    | 'INSUFFICIENT_DATA';
  /** When Config recorded the result; orders out-of-order deliveries. */
  time: Date;
}

export type PushedEvent =
  | { kind: 'compliance'; eventId: string; change: PushedComplianceChange }
  /**
   * A CloudTrail management event, as LookupEvents would return it (its
   * `eventId` is CloudTrail's, so that the refresh's read of the same event
   * is deduplicated by the store).
   */
  | {
      kind: 'api-call';
      eventId: string;
      accountId: string;
      region: string;
      event: TrailEvent;
    }
  | { kind: 'other'; eventId: string };

/** A message the consumer can never process; it is left for the dead-letter queue. */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

const envelope = z.object({
  id: z.string().min(1),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  time: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

const complianceDetail = z.object({
  configRuleName: z.string().min(1),
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  awsAccountId: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  awsRegion: z.string().min(1).optional(),
  newEvaluationResult: z.object({
    complianceType: z.enum([
      'COMPLIANT',
      'NON_COMPLIANT',
      'NOT_APPLICABLE',
      'INSUFFICIENT_DATA',
    ]),
    resultRecordedTime: z.string().optional(),
  }),
});

const apiCallDetail = z.object({
  eventID: z.string().min(1),
  eventTime: z.string().min(1),
  eventName: z.string().min(1),
  eventSource: z.string().min(1),
  readOnly: z.boolean().optional(),
  userIdentity: z
    .object({ userName: z.string().optional() })
    .passthrough()
    .optional(),
  resources: z
    .array(
      z
        .object({ type: z.string().optional(), ARN: z.string().optional() })
        .passthrough(),
    )
    .optional(),
});

/** Reads an EventBridge event as an SQS target receives it. */
export function parseEventBridgeMessage(body: string): PushedEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new PoisonMessageError('the message body is not JSON');
  }
  const event = envelope.safeParse(json);
  if (!event.success) {
    throw new PoisonMessageError(
      `not an EventBridge event: ${event.error.issues[0]?.path.join('.')} ${
        event.error.issues[0]?.message
      }`,
    );
  }
  const { id, source } = event.data;
  if (
    event.data['detail-type'] === 'Config Rules Compliance Change' &&
    source === 'aws.config'
  ) {
    const detail = complianceDetail.safeParse(event.data.detail);
    if (!detail.success) {
      throw new PoisonMessageError(
        `compliance change without ${detail.error.issues[0]?.path.join('.')}`,
      );
    }
    const d = detail.data;
    const time = new Date(
      d.newEvaluationResult.resultRecordedTime ?? event.data.time,
    );
    if (Number.isNaN(time.getTime())) {
      throw new PoisonMessageError('compliance change without a valid time');
    }
    return {
      kind: 'compliance',
      eventId: id,
      change: {
        eventId: id,
        accountId: d.awsAccountId ?? event.data.account,
        region: d.awsRegion ?? event.data.region,
        ruleName: d.configRuleName,
        resourceType: d.resourceType,
        resourceId: d.resourceId,
        compliance: d.newEvaluationResult.complianceType,
        time,
      },
    };
  }
  if (event.data['detail-type'] === 'AWS API Call via CloudTrail') {
    const detail = apiCallDetail.safeParse(event.data.detail);
    if (!detail.success) {
      throw new PoisonMessageError(
        `API call without ${detail.error.issues[0]?.path.join('.')}`,
      );
    }
    const d = detail.data;
    // The refresh reads write events only (LookupEvents ReadOnly=false).
    if (d.readOnly === true) return { kind: 'other', eventId: id };
    const eventTime = new Date(d.eventTime);
    if (Number.isNaN(eventTime.getTime())) {
      throw new PoisonMessageError('API call without a valid eventTime');
    }
    return {
      kind: 'api-call',
      eventId: id,
      accountId: event.data.account,
      region: event.data.region,
      event: {
        eventId: d.eventID,
        eventTime,
        eventName: d.eventName,
        eventSource: d.eventSource,
        username: d.userIdentity?.userName,
        resources: (d.resources ?? []).map(r => ({
          type: r.type,
          name: r.ARN,
        })),
        // The record as CloudTrail wrote it: what the risk predicates read.
        cloudTrailEvent: JSON.stringify(event.data.detail),
      },
    };
  }
  return { kind: 'other', eventId: id };
}
