import { hashString, alnumFrom } from '../platform/random';
import type {
  EvaluationRecord,
  Pbc,
  Platform,
  PlatformConfigRule,
} from '../platform/types';
import type { PlatformChanges, QueryItem } from '../platform/changes';
import type { LocalAggregator } from './aggregate';
import type { LocalQueues } from './sqs';
import { ruleCompliance } from '../platform/evaluations';
import { AwsError } from './errors';
import { getResourceConfigHistory } from './history';
import { Query, matches, parseQuery, project } from './query';
import { TokenCodec, scopeOf } from './tokens';

/** What a handler knows about the caller. */
export interface CallContext {
  platform: Platform;
  accountId: string;
  region: string;
  tokens: TokenCodec;
  queryCache: Map<string, { query: Query; matched: QueryItem[] }>;
  changes: PlatformChanges;
  aggregator: LocalAggregator;
  queues: LocalQueues;
}

type Body = Record<string, unknown>;

const seconds = (ms: number) => Math.floor(ms / 1000);

function invalidParameter(message: string) {
  return new AwsError('InvalidParameterValueException', message);
}

function stringList(
  body: Body,
  key: string,
  max: number,
): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw invalidParameter(`${key} must be a list of strings`);
  }
  if (value.length > max) {
    throw invalidParameter(`${key} must have at most ${max} members`);
  }
  return value as string[];
}

function limitOf(
  body: Body,
  key: string,
  max: number,
  fallback: number,
): number {
  const value = body[key];
  if (value === undefined || value === null || value === 0) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > max
  ) {
    throw new AwsError(
      'InvalidLimitException',
      `The ${key} ${String(
        value,
      )} is not valid: it must be between 0 and ${max}`,
    );
  }
  return value;
}

function page<T>(
  ctx: CallContext,
  scope: string,
  items: T[],
  body: Body,
  size: number,
): { items: T[]; nextToken?: string } {
  const start =
    body.NextToken === undefined ||
    body.NextToken === null ||
    body.NextToken === ''
      ? 0
      : ctx.tokens.decode(scope, body.NextToken);
  if (start > items.length)
    throw new AwsError(
      'InvalidNextTokenException',
      'The nextToken provided is invalid',
    );
  const end = Math.min(items.length, start + size);
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? ctx.tokens.encode(scope, end) : undefined,
  };
}

function ruleId(ctx: CallContext, rule: PlatformConfigRule) {
  return `config-rule-${alnumFrom(
    hashString(`${ctx.accountId}/${ctx.region}/${rule.name}`),
    6,
  ).toLowerCase()}`;
}

function ruleArn(ctx: CallContext, rule: PlatformConfigRule) {
  return `arn:aws:config:${ctx.region}:${ctx.accountId}:config-rule/${ruleId(
    ctx,
    rule,
  )}`;
}

function findRules(
  ctx: CallContext,
  names: string[] | undefined,
): PlatformConfigRule[] {
  // Config is only set up in the platform's Regions; elsewhere there are no rules.
  const deployed = ctx.platform.regions.includes(ctx.region);
  if (!names || names.length === 0) return deployed ? ctx.platform.rules : [];
  return names.map(name => {
    const rule = deployed ? ctx.platform.rule(name) : undefined;
    if (!rule) {
      throw new AwsError(
        'NoSuchConfigRuleException',
        `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name`,
      );
    }
    return rule;
  });
}

function describeRule(ctx: CallContext, rule: PlatformConfigRule) {
  const scope: Record<string, unknown> = {};
  if (rule.resourceTypes.length > 0)
    scope.ComplianceResourceTypes = rule.resourceTypes;
  if (rule.tagScope) {
    scope.TagKey = rule.tagScope.key;
    if (rule.tagScope.value !== undefined) scope.TagValue = rule.tagScope.value;
  }
  const params = Object.fromEntries(
    Object.entries(rule.inputParameters).map(([k, v]) => [
      k,
      v.replace('${AWS::AccountId}', ctx.accountId),
    ]),
  );
  return {
    ConfigRuleName: rule.name,
    ConfigRuleArn: ruleArn(ctx, rule),
    ConfigRuleId: ruleId(ctx, rule),
    Description: rule.description,
    ...(Object.keys(scope).length > 0 ? { Scope: scope } : {}),
    Source:
      rule.owner === 'AWS'
        ? {
            Owner: 'AWS',
            SourceIdentifier: rule.identifier,
            ...(rule.periodic
              ? {}
              : {
                  SourceDetails: [
                    {
                      EventSource: 'aws.config',
                      MessageType: 'ConfigurationItemChangeNotification',
                    },
                    {
                      EventSource: 'aws.config',
                      MessageType:
                        'OversizedConfigurationItemChangeNotification',
                    },
                  ],
                }),
          }
        : {
            Owner: 'CUSTOM_POLICY',
            SourceDetails: [
              {
                EventSource: 'aws.config',
                MessageType: 'ConfigurationItemChangeNotification',
              },
              {
                EventSource: 'aws.config',
                MessageType: 'OversizedConfigurationItemChangeNotification',
              },
            ],
            CustomPolicyDetails: {
              PolicyRuntime: 'guard-2.x.x',
              PolicyText: `# ${rule.controlIds.join(
                ', ',
              )}: evaluated by the PBC Portal Guard policy`,
              EnableDebugLogDelivery: false,
            },
          },
    ...(Object.keys(params).length > 0
      ? { InputParameters: JSON.stringify(params) }
      : {}),
    ...(rule.periodic ? { MaximumExecutionFrequency: 'TwentyFour_Hours' } : {}),
    ConfigRuleState: 'ACTIVE',
    EvaluationModes: [{ Mode: 'DETECTIVE' }],
  };
}

function describeConfigRules(ctx: CallContext, body: Body) {
  const names = stringList(body, 'ConfigRuleNames', 25);
  const rules = findRules(ctx, names);
  const filters = (body.Filters ?? {}) as Body;
  const mode = filters.EvaluationMode;
  const visible = mode === 'PROACTIVE' ? [] : rules;
  const scope = scopeOf(
    'DescribeConfigRules',
    ctx.accountId,
    ctx.region,
    names ?? null,
    mode ?? null,
  );
  const { items, nextToken } = page(ctx, scope, visible, body, 25);
  return {
    ConfigRules: items.map(r => describeRule(ctx, r)),
    NextToken: nextToken,
  };
}

const RULE_COMPLIANCE = new Set([
  'COMPLIANT',
  'NON_COMPLIANT',
  'INSUFFICIENT_DATA',
  'NOT_APPLICABLE',
]);

function describeComplianceByConfigRule(ctx: CallContext, body: Body) {
  const names = stringList(body, 'ConfigRuleNames', 25);
  const types = stringList(body, 'ComplianceTypes', 3);
  for (const t of types ?? []) {
    if (!RULE_COMPLIANCE.has(t) || t === 'NOT_APPLICABLE') {
      throw invalidParameter(
        `The ComplianceType '${t}' is not valid here: use COMPLIANT, NON_COMPLIANT or INSUFFICIENT_DATA`,
      );
    }
  }
  const rows = findRules(ctx, names)
    .map(rule => {
      const { complianceType, nonCompliant } = ctx.platform
        .evaluations(ctx.accountId, ctx.region, rule)
        .summary();
      return {
        ConfigRuleName: rule.name,
        Compliance: {
          ComplianceType: complianceType,
          ...(complianceType === 'NON_COMPLIANT'
            ? {
                ComplianceContributorCount: {
                  CappedCount: Math.min(nonCompliant, 100),
                  CapExceeded: nonCompliant > 100,
                },
              }
            : {}),
        },
      };
    })
    .filter(
      row =>
        !types ||
        types.length === 0 ||
        types.includes(row.Compliance.ComplianceType),
    );
  const scope = scopeOf(
    'DescribeComplianceByConfigRule',
    ctx.accountId,
    ctx.region,
    names ?? null,
    types ?? null,
  );
  const { items, nextToken } = page(ctx, scope, rows, body, 25);
  return { ComplianceByConfigRules: items, NextToken: nextToken };
}

function evaluationResult(ctx: CallContext, e: EvaluationRecord) {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: {
        ConfigRuleName: e.rule.name,
        ResourceType: e.resource.resourceType,
        ResourceId: e.resource.resourceId,
        EvaluationMode: 'DETECTIVE',
      },
      OrderingTimestamp: seconds(e.configRuleInvokedTime),
      ResourceEvaluationId: `${ruleId(ctx, e.rule)}-${alnumFrom(
        hashString(e.resource.resourceId),
        10,
      ).toLowerCase()}`,
    },
    ComplianceType: e.complianceType,
    ResultRecordedTime: seconds(e.resultRecordedTime),
    ConfigRuleInvokedTime: seconds(e.configRuleInvokedTime),
    ...(e.annotation ? { Annotation: e.annotation } : {}),
  };
}

const EVALUATION_FILTERS = new Set([
  'COMPLIANT',
  'NON_COMPLIANT',
  'NOT_APPLICABLE',
]);

function getComplianceDetailsByConfigRule(ctx: CallContext, body: Body) {
  const name = body.ConfigRuleName;
  if (typeof name !== 'string' || name === '') {
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value null at 'configRuleName' failed to satisfy constraint: Member must not be null",
    );
  }
  const [rule] = findRules(ctx, [name]);
  const types = stringList(body, 'ComplianceTypes', 3);
  for (const t of types ?? []) {
    if (!EVALUATION_FILTERS.has(t)) {
      throw invalidParameter(
        `The ComplianceType '${t}' cannot be used to filter evaluation results`,
      );
    }
  }
  const limit = limitOf(body, 'Limit', 100, 10);
  const evals = ctx.platform.evaluations(ctx.accountId, ctx.region, rule);
  const positions: number[] = [];
  for (let k = 0; k < evals.length; k++) {
    if (!types || types.length === 0 || types.includes(evals.complianceAt(k)))
      positions.push(k);
  }
  const scope = scopeOf(
    'GetComplianceDetailsByConfigRule',
    ctx.accountId,
    ctx.region,
    name,
    types ?? null,
  );
  const { items, nextToken } = page(ctx, scope, positions, body, limit);
  return {
    EvaluationResults: items.map(k => evaluationResult(ctx, evals.get(k))),
    NextToken: nextToken,
  };
}

function selectResourceConfig(ctx: CallContext, body: Body) {
  const expression = body.Expression;
  if (typeof expression !== 'string') {
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value null at 'expression' failed to satisfy constraint: Member must not be null",
    );
  }
  const limit = limitOf(body, 'Limit', 100, 25);
  // The version: a change in the platform makes earlier results stale.
  const key = `${ctx.changes.version}/${ctx.accountId}/${ctx.region}/${expression}`;
  let cached = ctx.queryCache.get(key);
  if (!cached) {
    const query = parseQuery(expression);
    const all = ctx.changes.queryItems(ctx.accountId, ctx.region);
    const matched = query.where
      ? all.filter(r => matches(r, query.where!))
      : all;
    cached = { query, matched };
    if (ctx.queryCache.size >= 64) {
      ctx.queryCache.delete(ctx.queryCache.keys().next().value as string);
    }
    ctx.queryCache.set(key, cached);
  }
  const scope = scopeOf(
    'SelectResourceConfig',
    ctx.accountId,
    ctx.region,
    expression,
  );
  const { items, nextToken } = page(ctx, scope, cached.matched, body, limit);
  return {
    Results: items.map(r => project(r, cached!.query.fields)),
    QueryInfo: { SelectFields: cached.query.fields.map(Name => ({ Name })) },
    NextToken: nextToken,
  };
}

function packId(ctx: CallContext, pbc: Pbc) {
  return `conformance-pack-${alnumFrom(
    hashString(`${ctx.accountId}/${pbc.conformancePack}`),
    14,
  ).toLowerCase()}`;
}

function findPack(ctx: CallContext, name: unknown): Pbc {
  if (typeof name !== 'string' || name === '') {
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value null at 'conformancePackName' failed to satisfy constraint: Member must not be null",
    );
  }
  const pbc = ctx.platform
    .pbcsIn(ctx.accountId, ctx.region)
    .find(p => p.conformancePack === name);
  if (!pbc) {
    throw new AwsError(
      'NoSuchConformancePackException',
      `Could not find a conformance pack with name '${name}'.`,
    );
  }
  return pbc;
}

function describeConformancePacks(ctx: CallContext, body: Body) {
  const names = stringList(body, 'ConformancePackNames', 25);
  const limit = limitOf(body, 'Limit', 20, 20);
  const packs =
    names && names.length > 0
      ? names.map(n => findPack(ctx, n))
      : ctx.platform.pbcsIn(ctx.accountId, ctx.region);
  const scope = scopeOf(
    'DescribeConformancePacks',
    ctx.accountId,
    ctx.region,
    names ?? null,
  );
  const { items, nextToken } = page(ctx, scope, packs, body, limit);
  return {
    ConformancePackDetails: items.map(pbc => ({
      ConformancePackName: pbc.conformancePack,
      ConformancePackArn: `arn:aws:config:${ctx.region}:${
        ctx.accountId
      }:conformance-pack/${pbc.conformancePack}/${packId(ctx, pbc)}`,
      ConformancePackId: packId(ctx, pbc),
      ConformancePackInputParameters: [
        { ParameterName: 'PbcName', ParameterValue: pbc.name },
        { ParameterName: 'PciScope', ParameterValue: String(pbc.pciScope) },
        {
          ParameterName: 'TemplateVersion',
          ParameterValue: pbc.templateVersion,
        },
      ],
      LastUpdateRequestedTime: seconds(
        ctx.platform.now - 86_400_000 * (1 + (hashString(pbc.name) % 30)),
      ),
    })),
    NextToken: nextToken,
  };
}

function packFilters(body: Body) {
  const filters = (body.Filters ?? {}) as Body;
  const complianceType = filters.ComplianceType;
  if (
    complianceType !== undefined &&
    complianceType !== 'COMPLIANT' &&
    complianceType !== 'NON_COMPLIANT'
  ) {
    throw invalidParameter(
      `The ComplianceType '${String(
        complianceType,
      )}' is not valid: use COMPLIANT or NON_COMPLIANT`,
    );
  }
  return {
    filters,
    complianceType: complianceType as string | undefined,
    ruleNames: stringList(filters, 'ConfigRuleNames', 25),
  };
}

function packRulesFiltered(
  ctx: CallContext,
  pbc: Pbc,
  ruleNames: string[] | undefined,
) {
  const rules = ctx.platform.packRules(pbc);
  if (!ruleNames || ruleNames.length === 0) return rules;
  return ruleNames.map(name => {
    const rule = rules.find(r => r.name === name);
    if (!rule) {
      throw new AwsError(
        'NoSuchConfigRuleInConformancePackException',
        `The Config rule '${name}' is not in the conformance pack '${pbc.conformancePack}'.`,
      );
    }
    return rule;
  });
}

function describeConformancePackCompliance(ctx: CallContext, body: Body) {
  const pbc = findPack(ctx, body.ConformancePackName);
  const { complianceType, ruleNames } = packFilters(body);
  const limit = limitOf(body, 'Limit', 1000, 100);
  const rules = packRulesFiltered(ctx, pbc, ruleNames);
  const byRule = new Map<number, { compliant: number; nonCompliant: number }>();
  for (const e of ctx.platform.packEvaluations(pbc)) {
    const s = byRule.get(e.rule.index) ?? { compliant: 0, nonCompliant: 0 };
    if (e.complianceType === 'COMPLIANT') s.compliant++;
    if (e.complianceType === 'NON_COMPLIANT') s.nonCompliant++;
    byRule.set(e.rule.index, s);
  }
  const rows = rules
    .map(rule => {
      const s = byRule.get(rule.index);
      const type = ruleCompliance(s?.compliant ?? 0, s?.nonCompliant ?? 0);
      return {
        ConfigRuleName: rule.name,
        ComplianceType: type,
        Controls: rule.controlIds,
      };
    })
    .filter(row => !complianceType || row.ComplianceType === complianceType);
  const scope = scopeOf(
    'DescribeConformancePackCompliance',
    ctx.accountId,
    ctx.region,
    pbc.conformancePack,
    complianceType ?? null,
    ruleNames ?? null,
  );
  const { items, nextToken } = page(ctx, scope, rows, body, limit);
  return {
    ConformancePackName: pbc.conformancePack,
    ConformancePackRuleComplianceList: items,
    NextToken: nextToken,
  };
}

function getConformancePackComplianceDetails(ctx: CallContext, body: Body) {
  const pbc = findPack(ctx, body.ConformancePackName);
  const { filters, complianceType, ruleNames } = packFilters(body);
  const resourceType = filters.ResourceType;
  const resourceIds = stringList(filters, 'ResourceIds', 5);
  if (
    resourceIds &&
    resourceIds.length > 0 &&
    typeof resourceType !== 'string'
  ) {
    throw invalidParameter(
      'ResourceIds can only be used together with ResourceType',
    );
  }
  const limit = limitOf(body, 'Limit', 100, 100);
  const rules = new Set(
    packRulesFiltered(ctx, pbc, ruleNames).map(r => r.index),
  );
  const rows = ctx.platform.packEvaluations(pbc).filter(
    e =>
      rules.has(e.rule.index) &&
      // Conformance packs report COMPLIANT and NON_COMPLIANT only.
      e.complianceType !== 'NOT_APPLICABLE' &&
      (!complianceType || e.complianceType === complianceType) &&
      (typeof resourceType !== 'string' ||
        e.resource.resourceType === resourceType) &&
      (!resourceIds ||
        resourceIds.length === 0 ||
        resourceIds.includes(e.resource.resourceId)),
  );
  const scope = scopeOf(
    'GetConformancePackComplianceDetails',
    ctx.accountId,
    ctx.region,
    pbc.conformancePack,
    complianceType ?? null,
    ruleNames ?? null,
    resourceType ?? null,
    resourceIds ?? null,
  );
  const { items, nextToken } = page(ctx, scope, rows, body, limit);
  return {
    ConformancePackName: pbc.conformancePack,
    ConformancePackRuleEvaluationResults: items.map(e => {
      const r = evaluationResult(ctx, e);
      return {
        ComplianceType: r.ComplianceType,
        EvaluationResultIdentifier: r.EvaluationResultIdentifier,
        ConfigRuleInvokedTime: r.ConfigRuleInvokedTime,
        ResultRecordedTime: r.ResultRecordedTime,
        ...(r.Annotation ? { Annotation: r.Annotation } : {}),
      };
    }),
    NextToken: nextToken,
  };
}

/** AWS Config operations aws-local answers, by name. */
export const CONFIG_OPERATIONS: Record<
  string,
  (ctx: CallContext, body: Body) => unknown
> = {
  DescribeConfigRules: describeConfigRules,
  DescribeComplianceByConfigRule: describeComplianceByConfigRule,
  GetComplianceDetailsByConfigRule: getComplianceDetailsByConfigRule,
  SelectResourceConfig: selectResourceConfig,
  DescribeConformancePacks: describeConformancePacks,
  GetResourceConfigHistory: getResourceConfigHistory,
  DescribeConformancePackCompliance: describeConformancePackCompliance,
  GetConformancePackComplianceDetails: getConformancePackComplianceDetails,
};
