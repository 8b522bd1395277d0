import type { TrailEvent } from '../platform/types';
import type { CallContext } from './config';
import { AwsError } from './errors';
import { scopeOf } from './tokens';

type Body = Record<string, unknown>;

const DAY = 86_400_000;
/** LookupEvents only sees the last 90 days. */
export const LOOKUP_WINDOW_DAYS = 90;

const ATTRIBUTE_KEYS = new Set([
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
]);

function timestamp(body: Body, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  // The SDK sends epoch seconds (possibly fractional); accept ISO strings too.
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return Date.parse(value);
  throw new AwsError('ValidationException', `${key} must be a timestamp`);
}

type Filter = (e: TrailEvent) => boolean;

function attributeFilter(body: Body): {
  filter?: Filter;
  name?: string;
  key?: string;
  value?: string;
} {
  const attrs = body.LookupAttributes;
  if (attrs === undefined || attrs === null) return {};
  if (!Array.isArray(attrs)) {
    throw new AwsError(
      'InvalidLookupAttributesException',
      'LookupAttributes must be a list',
    );
  }
  if (attrs.length === 0) return {};
  if (attrs.length > 1) {
    throw new AwsError(
      'InvalidLookupAttributesException',
      'You can specify only one lookup attribute.',
    );
  }
  const { AttributeKey: key, AttributeValue: value } = (attrs[0] ??
    {}) as Record<string, unknown>;
  if (typeof key !== 'string' || !ATTRIBUTE_KEYS.has(key)) {
    throw new AwsError(
      'InvalidLookupAttributesException',
      `The attribute key '${String(key)}' is not valid.`,
    );
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) {
    throw new AwsError(
      'InvalidLookupAttributesException',
      'The attribute value must be 1 to 2000 characters.',
    );
  }
  switch (key) {
    case 'EventName':
      // Cheap: compared without materialising the event.
      return { name: value, key, value };
    case 'EventId':
      return { key, value, filter: e => e.eventId === value };
    case 'ReadOnly':
      if (value !== 'true' && value !== 'false') {
        throw new AwsError(
          'InvalidLookupAttributesException',
          "ReadOnly must be 'true' or 'false'.",
        );
      }
      return { key, value, filter: e => String(e.readOnly) === value };
    case 'Username':
      return { key, value, filter: e => e.username === value };
    case 'EventSource':
      return { key, value, filter: e => e.eventSource === value };
    case 'AccessKeyId':
      return { key, value, filter: e => e.accessKeyId === value };
    case 'ResourceType':
      return {
        key,
        value,
        filter: e => e.resources.some(r => r.ResourceType === value),
      };
    default:
      return {
        key,
        value,
        filter: e => e.resources.some(r => r.ResourceName === value),
      };
  }
}

/** Events newest first, 1–50 a page, within the last 90 days of the platform's present. */
function lookupEvents(ctx: CallContext, body: Body) {
  const max = body.MaxResults;
  if (
    max !== undefined &&
    max !== null &&
    (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50)
  ) {
    throw new AwsError(
      'InvalidMaxResultsException',
      'MaxResults must be between 1 and 50.',
    );
  }
  const pageSize = (max as number | undefined) ?? 50;
  const category = body.EventCategory;
  if (category !== undefined && category !== null && category !== 'insight') {
    throw new AwsError(
      'InvalidEventCategoryException',
      `The event category '${String(category)}' is not valid.`,
    );
  }
  const start = timestamp(body, 'StartTime');
  const end = timestamp(body, 'EndTime');
  if (start !== undefined && end !== undefined && start > end) {
    throw new AwsError(
      'InvalidTimeRangeException',
      'Start time must be before end time.',
    );
  }
  const { filter, name, key, value } = attributeFilter(body);
  const scope = scopeOf(
    'LookupEvents',
    ctx.accountId,
    ctx.region,
    key ?? null,
    value ?? null,
    start ?? null,
    end ?? null,
    category ?? null,
  );
  // Insights events are not simulated.
  if (category === 'insight') return { Events: [] };

  const { events, now } = ctx.platform;
  const indices = events.indicesIn(ctx.accountId, ctx.region);
  const oldest = Math.max(now - LOOKUP_WINDOW_DAYS * DAY, start ?? -Infinity);
  let pos: number;
  if (
    body.NextToken !== undefined &&
    body.NextToken !== null &&
    body.NextToken !== ''
  ) {
    pos = ctx.tokens.decode(scope, body.NextToken);
    if (pos > indices.length)
      throw new AwsError('InvalidNextTokenException', 'Invalid NextToken');
  } else {
    // First page: binary search for the newest event at or before EndTime.
    let lo = 0;
    let hi = indices.length;
    if (end !== undefined) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (events.timeOf(indices[mid]) > end) lo = mid + 1;
        else hi = mid;
      }
    }
    pos = lo;
  }
  const out: Array<Record<string, unknown>> = [];
  while (pos < indices.length && out.length < pageSize) {
    const i = indices[pos];
    if (events.timeOf(i) < oldest) {
      pos = indices.length;
      break;
    }
    pos++;
    if (name !== undefined && events.nameOf(i) !== name) continue;
    const e = events.get(i);
    if (filter && !filter(e)) continue;
    out.push({
      EventId: e.eventId,
      EventName: e.eventName,
      ReadOnly: String(e.readOnly),
      ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
      EventTime: e.eventTime / 1000,
      EventSource: e.eventSource,
      Username: e.username,
      Resources: e.resources,
      CloudTrailEvent: e.cloudTrailEvent(),
    });
  }
  // A token is only returned while older events might still match.
  let more = false;
  if (pos < indices.length && events.timeOf(indices[pos]) >= oldest)
    more = true;
  return {
    Events: out,
    NextToken: more ? ctx.tokens.encode(scope, pos) : undefined,
  };
}

/** CloudTrail operations aws-local answers, by name. */
export const CLOUDTRAIL_OPERATIONS: Record<
  string,
  (ctx: CallContext, body: Body) => unknown
> = {
  LookupEvents: lookupEvents,
};
