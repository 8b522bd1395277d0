import { hashString } from '../platform/random';
import type { Pbc } from '../platform/types';
import type { CallContext } from './config';
import { AwsError } from './errors';
import { scopeOf } from './tokens';

/** The configuration item AWS Config keeps per conformance pack. */
export const PACK_COMPLIANCE_TYPE = 'AWS::Config::ConformancePackCompliance';

const DAY = 86_400_000;

/**
 * The pack's compliance on day `k` before the platform's present (k = 0 is
 * now): the rules' current results, with a deterministic past — a rule
 * failing now started failing some days ago, and some rules passing now
 * failed for a few days earlier.
 */
export function packComplianceOn(
  ctx: CallContext,
  pbc: Pbc,
  k: number,
): Array<{ configRuleName: string; complianceType: string }> {
  const current = new Map<string, boolean>();
  for (const e of ctx.platform.packEvaluations(pbc)) {
    if (e.complianceType === 'NOT_APPLICABLE') continue;
    current.set(
      e.rule.name,
      (current.get(e.rule.name) ?? false) ||
        e.complianceType === 'NON_COMPLIANT',
    );
  }
  const days = ctx.platform.options.days;
  return [...current].map(([rule, failingNow]) => {
    const h = hashString(`${pbc.name}/${rule}`);
    let failing = failingNow;
    if (failingNow) failing = k <= h % (days + 3);
    else {
      const start = h % (days * 2);
      failing = k >= start && k < start + 3;
    }
    return {
      configRuleName: rule,
      complianceType: failing ? 'NON_COMPLIANT' : 'COMPLIANT',
    };
  });
}

/** Resource id of a pack's compliance item: its conformance pack id. */
export function packComplianceId(accountId: string, pbc: Pbc): string {
  return `conformance-pack-${(
    hashString(`${accountId}/${pbc.conformancePack}`) >>> 0
  )
    .toString(36)
    .padStart(7, '0')}`;
}

/** GetResourceConfigHistory, for the conformance packs' compliance items. */
export function getResourceConfigHistory(
  ctx: CallContext,
  body: Record<string, unknown>,
) {
  const { resourceType, resourceId } = body;
  if (typeof resourceType !== 'string' || typeof resourceId !== 'string') {
    throw new AwsError(
      'ValidationException',
      'resourceType and resourceId are required',
    );
  }
  const pbc =
    resourceType === PACK_COMPLIANCE_TYPE
      ? ctx.platform
          .pbcsIn(ctx.accountId, ctx.region)
          .find(p => packComplianceId(ctx.accountId, p) === resourceId)
      : undefined;
  if (!pbc) {
    throw new AwsError(
      'ResourceNotDiscoveredException',
      `Resource ${resourceId} of resourceType:${resourceType} is unknown or has not been discovered`,
    );
  }
  const limit =
    body.limit === undefined || body.limit === 0 ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > 100) {
    throw new AwsError(
      'InvalidLimitException',
      `The limit ${String(
        body.limit,
      )} is not valid: it must be between 0 and 100`,
    );
  }
  const seconds = (v: unknown) =>
    typeof v === 'number' ? v * 1000 : undefined;
  const later = seconds(body.laterTime) ?? ctx.platform.now;
  const earlier = seconds(body.earlierTime) ?? 0;
  const items = [];
  // One item a day, at the platform's time of day, newest first.
  for (let k = 0; k < ctx.platform.options.days; k++) {
    const at = ctx.platform.now - k * DAY;
    if (at > later || at < earlier) continue;
    const rules = packComplianceOn(ctx, pbc, k);
    items.push({
      version: '1.3',
      accountId: ctx.accountId,
      configurationItemCaptureTime: Math.floor(at / 1000),
      configurationItemStatus: 'OK',
      resourceType: PACK_COMPLIANCE_TYPE,
      resourceId,
      resourceName: pbc.conformancePack,
      awsRegion: ctx.region,
      configuration: JSON.stringify({
        conformancePackName: pbc.conformancePack,
        complianceType: rules.some(r => r.complianceType === 'NON_COMPLIANT')
          ? 'NON_COMPLIANT'
          : 'COMPLIANT',
        configRuleList: rules,
      }),
    });
  }
  if (body.chronologicalOrder === 'Forward') items.reverse();
  const scope = scopeOf(
    'GetResourceConfigHistory',
    ctx.accountId,
    ctx.region,
    resourceId,
    later,
    earlier,
    body.chronologicalOrder ?? null,
  );
  const token = body.nextToken;
  const start =
    token === undefined || token === null || token === ''
      ? 0
      : ctx.tokens.decode(scope, token);
  const end = Math.min(items.length, start + limit);
  return {
    configurationItems: items.slice(start, end),
    nextToken: end < items.length ? ctx.tokens.encode(scope, end) : undefined,
  };
}
