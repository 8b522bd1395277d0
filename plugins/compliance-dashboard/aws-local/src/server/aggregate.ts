import type { QueryItem } from '../platform/changes';
import type { Platform } from '../platform/types';
import type { CallContext } from './config';
import { CONFIG_OPERATIONS } from './config';
import { AwsError } from './errors';
import { matches, parseQuery, project } from './query';
import { scopeOf } from './tokens';

/**
 * A configuration aggregator: one account and Region that reads the Config
 * data of its member accounts (every Region of the platform).
 *
 * @public
 */
export interface LocalAggregator {
  name: string;
  accountId: string;
  region: string;
  /** Member accounts; an account left out is not aggregated (as an unauthorised source). */
  memberAccountIds: string[];
}

/** The demo aggregator: the first account and Region, every account a member. */
export function defaultAggregator(platform: Platform): LocalAggregator {
  return {
    name: 'pbc-portal-aggregator',
    accountId: platform.accounts[0]?.id ?? '111111111111',
    region: platform.regions[0] ?? 'eu-west-1',
    memberAccountIds: platform.accounts.map(a => a.id),
  };
}

type Body = Record<string, unknown>;

function aggregatorOf(ctx: CallContext, body: Body): LocalAggregator {
  const name = body.ConfigurationAggregatorName;
  if (typeof name !== 'string' || name === '') {
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value null at 'configurationAggregatorName' failed to satisfy constraint: Member must not be null",
    );
  }
  const aggregator = ctx.aggregator;
  // An aggregator lives in one account and Region, like in AWS.
  if (
    aggregator.name !== name ||
    aggregator.accountId !== ctx.accountId ||
    aggregator.region !== ctx.region
  ) {
    throw new AwsError(
      'NoSuchConfigurationAggregatorException',
      `The configuration aggregator '${name}' does not exist in this account and Region.`,
    );
  }
  return aggregator;
}

/** Account and Region pairs the aggregator reads. */
function sources(ctx: CallContext, aggregator: LocalAggregator) {
  return aggregator.memberAccountIds
    .filter(id => ctx.platform.account(id))
    .flatMap(accountId =>
      ctx.platform.regions.map(region => ({ accountId, region })),
    );
}

/** The same operation as in the member account, as that account. */
function asMember(ctx: CallContext, accountId: string, region: string) {
  return { ...ctx, accountId, region };
}

function limitOf(body: Body, max: number, fallback: number): number {
  const value = body.Limit;
  if (value === undefined || value === null || value === 0) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > max
  ) {
    throw new AwsError(
      'InvalidLimitException',
      `The Limit ${String(
        value,
      )} is not valid: it must be between 0 and ${max}`,
    );
  }
  return value;
}

function paged<T>(
  ctx: CallContext,
  scope: string,
  items: T[],
  body: Body,
  size: number,
) {
  const token = body.NextToken;
  const start =
    token === undefined || token === null || token === ''
      ? 0
      : ctx.tokens.decode(scope, token);
  if (start > items.length) {
    throw new AwsError(
      'InvalidNextTokenException',
      'The nextToken provided is invalid',
    );
  }
  const end = Math.min(items.length, start + size);
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? ctx.tokens.encode(scope, end) : undefined,
  };
}

function filtersOf(body: Body): Record<string, string> {
  const filters = body.Filters;
  if (filters === undefined || filters === null) return {};
  if (typeof filters !== 'object' || Array.isArray(filters)) {
    throw new AwsError(
      'InvalidParameterValueException',
      'Filters must be an object',
    );
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters as Body)) {
    if (typeof v !== 'string') {
      throw new AwsError(
        'InvalidParameterValueException',
        `Filters.${k} must be a string`,
      );
    }
    out[k] = v;
  }
  return out;
}

function describeSourcesStatus(ctx: CallContext, body: Body) {
  const aggregator = aggregatorOf(ctx, body);
  const limit = limitOf(body, 100, 5);
  const rows = sources(ctx, aggregator).map(s => ({
    SourceId: s.accountId,
    SourceType: 'ACCOUNT',
    AwsRegion: s.region,
    LastUpdateStatus: 'SUCCEEDED',
    LastUpdateTime: Math.floor(ctx.platform.now / 1000),
  }));
  const scope = scopeOf(
    'DescribeConfigurationAggregatorSourcesStatus',
    ctx.accountId,
    ctx.region,
    aggregator.name,
  );
  const { items, nextToken } = paged(ctx, scope, rows, body, limit);
  return { AggregatedSourceStatusList: items, NextToken: nextToken };
}

function selectAggregate(ctx: CallContext, body: Body) {
  const aggregator = aggregatorOf(ctx, body);
  const expression = body.Expression;
  if (typeof expression !== 'string') {
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value null at 'expression' failed to satisfy constraint: Member must not be null",
    );
  }
  const limit = limitOf(body, 100, 25);
  const members = sources(ctx, aggregator);
  const key = `${ctx.changes.version}/aggregate/${aggregator.name}/${members
    .map(m => m.accountId)
    .join(',')}/${expression}`;
  let cached = ctx.queryCache.get(key);
  if (!cached) {
    const query = parseQuery(expression);
    const matched: QueryItem[] = [];
    for (const m of members) {
      for (const item of ctx.changes.queryItems(m.accountId, m.region)) {
        if (!query.where || matches(item, query.where)) matched.push(item);
      }
    }
    cached = { query, matched };
    if (ctx.queryCache.size >= 64) {
      ctx.queryCache.delete(ctx.queryCache.keys().next().value as string);
    }
    ctx.queryCache.set(key, cached);
  }
  const scope = scopeOf(
    'SelectAggregateResourceConfig',
    ctx.accountId,
    ctx.region,
    aggregator.name,
    expression,
  );
  const { items, nextToken } = paged(ctx, scope, cached.matched, body, limit);
  return {
    Results: items.map(r => project(r, cached!.query.fields)),
    QueryInfo: { SelectFields: cached.query.fields.map(Name => ({ Name })) },
    NextToken: nextToken,
  };
}

function describeAggregateComplianceByConfigRules(
  ctx: CallContext,
  body: Body,
) {
  const aggregator = aggregatorOf(ctx, body);
  const filters = filtersOf(body);
  const limit = limitOf(body, 1000, 1000);
  const rows: Array<Record<string, unknown>> = [];
  for (const s of sources(ctx, aggregator)) {
    if (filters.AccountId && filters.AccountId !== s.accountId) continue;
    if (filters.AwsRegion && filters.AwsRegion !== s.region) continue;
    const member = CONFIG_OPERATIONS.DescribeComplianceByConfigRule(
      asMember(ctx, s.accountId, s.region),
      filters.ConfigRuleName
        ? { ConfigRuleNames: [filters.ConfigRuleName] }
        : {},
    ) as { ComplianceByConfigRules: Array<Record<string, unknown>> };
    // All of the member's rules: page through its own listing.
    let page = member;
    for (;;) {
      for (const row of page.ComplianceByConfigRules) {
        const compliance = row.Compliance as { ComplianceType: string };
        if (
          filters.ComplianceType &&
          compliance.ComplianceType !== filters.ComplianceType
        )
          continue;
        rows.push({ ...row, AccountId: s.accountId, AwsRegion: s.region });
      }
      const next = (page as { NextToken?: string }).NextToken;
      if (!next) break;
      page = CONFIG_OPERATIONS.DescribeComplianceByConfigRule(
        asMember(ctx, s.accountId, s.region),
        {
          ...(filters.ConfigRuleName
            ? { ConfigRuleNames: [filters.ConfigRuleName] }
            : {}),
          NextToken: next,
        },
      ) as typeof member;
    }
  }
  const scope = scopeOf(
    'DescribeAggregateComplianceByConfigRules',
    ctx.accountId,
    ctx.region,
    aggregator.name,
    JSON.stringify(filters),
  );
  const { items, nextToken } = paged(ctx, scope, rows, body, limit);
  return { AggregateComplianceByConfigRules: items, NextToken: nextToken };
}

function getAggregateComplianceDetails(ctx: CallContext, body: Body) {
  const aggregator = aggregatorOf(ctx, body);
  const { AccountId, AwsRegion, ConfigRuleName, ComplianceType } = body;
  if (typeof AccountId !== 'string' || typeof AwsRegion !== 'string') {
    throw new AwsError(
      'ValidationException',
      'AccountId and AwsRegion are required',
    );
  }
  if (
    !sources(ctx, aggregator).some(
      s => s.accountId === AccountId && s.region === AwsRegion,
    )
  ) {
    // Not a source: AWS answers with no results.
    return { AggregateEvaluationResults: [] };
  }
  const member = CONFIG_OPERATIONS.GetComplianceDetailsByConfigRule(
    asMember(ctx, AccountId, AwsRegion),
    {
      ConfigRuleName,
      ...(typeof ComplianceType === 'string'
        ? { ComplianceTypes: [ComplianceType] }
        : {}),
      Limit: body.Limit,
      NextToken: body.NextToken,
    },
  ) as {
    EvaluationResults: Array<Record<string, unknown>>;
    NextToken?: string;
  };
  return {
    AggregateEvaluationResults: member.EvaluationResults.map(r => ({
      ...r,
      AccountId,
      AwsRegion,
    })),
    NextToken: member.NextToken,
  };
}

function describeAggregateComplianceByConformancePacks(
  ctx: CallContext,
  body: Body,
) {
  const aggregator = aggregatorOf(ctx, body);
  const filters = filtersOf(body);
  const limit = limitOf(body, 100, 25);
  const rows: Array<Record<string, unknown>> = [];
  for (const s of sources(ctx, aggregator)) {
    if (filters.AccountId && filters.AccountId !== s.accountId) continue;
    if (filters.AwsRegion && filters.AwsRegion !== s.region) continue;
    for (const pbc of ctx.platform.pbcsIn(s.accountId, s.region)) {
      if (
        filters.ConformancePackName &&
        filters.ConformancePackName !== pbc.conformancePack
      )
        continue;
      const rules = new Map<string, boolean>();
      for (const e of ctx.platform.packEvaluations(pbc)) {
        if (e.complianceType === 'NOT_APPLICABLE') continue;
        rules.set(
          e.rule.name,
          (rules.get(e.rule.name) ?? false) ||
            e.complianceType === 'NON_COMPLIANT',
        );
      }
      const nonCompliant = [...rules.values()].filter(Boolean).length;
      let type = 'COMPLIANT';
      if (rules.size === 0) type = 'INSUFFICIENT_DATA';
      else if (nonCompliant > 0) type = 'NON_COMPLIANT';
      if (filters.ComplianceType && filters.ComplianceType !== type) continue;
      rows.push({
        ConformancePackName: pbc.conformancePack,
        Compliance: {
          ComplianceType: type,
          CompliantRuleCount: rules.size - nonCompliant,
          NonCompliantRuleCount: nonCompliant,
          TotalRuleCount: ctx.platform.packRules(pbc).length,
        },
        AccountId: s.accountId,
        AwsRegion: s.region,
      });
    }
  }
  const scope = scopeOf(
    'DescribeAggregateComplianceByConformancePacks',
    ctx.accountId,
    ctx.region,
    aggregator.name,
    JSON.stringify(filters),
  );
  const { items, nextToken } = paged(ctx, scope, rows, body, limit);
  return { AggregateComplianceByConformancePacks: items, NextToken: nextToken };
}

/** AWS Config aggregator operations aws-local answers, by name. */
export const AGGREGATE_OPERATIONS: Record<
  string,
  (ctx: CallContext, body: Body) => unknown
> = {
  DescribeConfigurationAggregatorSourcesStatus: describeSourcesStatus,
  SelectAggregateResourceConfig: selectAggregate,
  DescribeAggregateComplianceByConfigRules:
    describeAggregateComplianceByConfigRules,
  GetAggregateComplianceDetailsByConfigRule: getAggregateComplianceDetails,
  DescribeAggregateComplianceByConformancePacks:
    describeAggregateComplianceByConformancePacks,
};
