import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { controlsForPbc } from '@pbc-portal/pbc-domain';
import {
  computeScore,
  ControlStatus,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { list, paginate, send } from '../aws/AwsComplianceReader';
import { controlIdsForRule } from '../domain/ruleMapping';

/** The configuration item AWS Config keeps per conformance pack. */
export const PACK_COMPLIANCE_TYPE = 'AWS::Config::ConformancePackCompliance';

/** One day of a pack's compliance timeline. */
export interface PackDay {
  day: string;
  rules: Array<{ ruleName: string; compliance: string }>;
}

/** Resource ids of the packs' compliance items in an account and Region, by pack name. */
export async function packComplianceIds(
  client: ConfigServiceClient,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await paginate('SelectResourceConfig', signal, async NextToken => {
    const out = await send(
      'SelectResourceConfig',
      () =>
        client.send(
          new SelectResourceConfigCommand({
            Expression: `SELECT resourceId, resourceName WHERE resourceType = '${PACK_COMPLIANCE_TYPE}'`,
            Limit: 100,
            NextToken,
          }),
          { abortSignal: signal },
        ),
      signal,
    );
    for (const line of list(out.Results, 'SelectResourceConfig', 'Results')) {
      const row = JSON.parse(line) as {
        resourceId?: string;
        resourceName?: string;
      };
      if (row.resourceId && row.resourceName)
        ids.set(row.resourceName, row.resourceId);
    }
    return out.NextToken;
  });
  return ids;
}

/**
 * The pack's compliance items since `since`, the last of each day (UTC),
 * from GetResourceConfigHistory (100 items a page, newest first).
 */
export async function readPackTimeline(
  client: ConfigServiceClient,
  resourceId: string,
  since: Date,
  signal?: AbortSignal,
): Promise<PackDay[]> {
  const byDay = new Map<string, PackDay>();
  await paginate('GetResourceConfigHistory', signal, async nextToken => {
    const out = await send(
      'GetResourceConfigHistory',
      () =>
        client.send(
          new GetResourceConfigHistoryCommand({
            resourceType: PACK_COMPLIANCE_TYPE as any,
            resourceId,
            earlierTime: since,
            limit: 100,
            nextToken,
          }),
          { abortSignal: signal },
        ),
      signal,
    );
    for (const item of list(
      out.configurationItems,
      'GetResourceConfigHistory',
      'configurationItems',
    )) {
      if (!item.configurationItemCaptureTime || !item.configuration) continue;
      const day = new Date(item.configurationItemCaptureTime)
        .toISOString()
        .slice(0, 10);
      // Newest first: the first item of a day is its last state.
      if (byDay.has(day)) continue;
      let configuration: { configRuleList?: unknown };
      try {
        configuration = JSON.parse(item.configuration);
      } catch {
        continue;
      }
      const rules = Array.isArray(configuration.configRuleList)
        ? (configuration.configRuleList as Array<Record<string, unknown>>)
            .filter(
              r =>
                typeof r?.configRuleName === 'string' &&
                typeof r?.complianceType === 'string',
            )
            .map(r => ({
              ruleName: r.configRuleName as string,
              compliance: r.complianceType as string,
            }))
        : [];
      byDay.set(day, { day, rules });
    }
    return out.nextToken;
  });
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/**
 * A day's score from the pack's rule results, as the refresh scores a PBC:
 * a control fails if a rule of it is NON_COMPLIANT, passes if one is
 * COMPLIANT; controls without results do not count.
 */
export function scoreOfPackDay(
  rules: PackDay['rules'],
  pciScope: boolean,
): number | null {
  const status = new Map<string, ControlStatus>();
  for (const rule of rules) {
    for (const id of controlIdsForRule({ name: rule.ruleName })) {
      if (rule.compliance === 'NON_COMPLIANT') status.set(id, 'failing');
      else if (
        rule.compliance === 'COMPLIANT' &&
        status.get(id) !== 'failing'
      ) {
        status.set(id, 'passing');
      }
    }
  }
  return computeScore(
    controlsForPbc({ pciScope, level: 'pbc' }).map(control => ({
      severity: control.severity,
      status: status.get(control.id) ?? 'not-applicable',
    })),
  );
}
