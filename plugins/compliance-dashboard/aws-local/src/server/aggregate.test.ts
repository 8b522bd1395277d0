import {
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeAggregateComplianceByConformancePacksCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  paginateSelectAggregateResourceConfig,
} from '@aws-sdk/client-config-service';
import { configClient, errorOf } from '../__testUtils__/clients';
import { generatePlatform } from '../platform/generate';
import { AwsLocal, startAwsLocal } from './server';

const platform = generatePlatform({
  pbcs: 12,
  accounts: 3,
  regions: ['eu-west-1', 'us-east-1'],
  rules: 20,
  resources: 240,
  events: 100,
  seed: 5,
  now: new Date('2026-11-20T12:00:00Z'),
});

describe('aggregator operations', () => {
  let local: AwsLocal;
  beforeAll(async () => {
    local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
  });
  afterEach(() => {
    local.setFaults({});
    local.aggregator.memberAccountIds = platform.accounts.map(a => a.id);
  });
  afterAll(() => local.close());

  const client = () => configClient(local.url, { accountId: '111111111111' });
  const name = 'pbc-portal-aggregator';

  it('lists its sources and answers aggregate queries over every member', async () => {
    const status = await client().send(
      new DescribeConfigurationAggregatorSourcesStatusCommand({
        ConfigurationAggregatorName: name,
        Limit: 100,
      }),
    );
    expect(status.AggregatedSourceStatusList).toHaveLength(6);

    const rows: string[] = [];
    for await (const page of paginateSelectAggregateResourceConfig(
      { client: client() },
      {
        ConfigurationAggregatorName: name,
        Expression: "SELECT resourceId, accountId WHERE tags.key = 'pbc'",
        Limit: 100,
      },
    )) {
      rows.push(...(page.Results ?? []));
    }
    expect(rows).toHaveLength(platform.resources.length);
    expect(new Set(rows.map(r => JSON.parse(r).accountId)).size).toBe(3);

    const rules = await client().send(
      new DescribeAggregateComplianceByConfigRulesCommand({
        ConfigurationAggregatorName: name,
        Filters: { AccountId: '222222222222', AwsRegion: 'us-east-1' },
      }),
    );
    expect(rules.AggregateComplianceByConfigRules).toHaveLength(20);
    const rule = rules.AggregateComplianceByConfigRules![0].ConfigRuleName!;
    const details = await client().send(
      new GetAggregateComplianceDetailsByConfigRuleCommand({
        ConfigurationAggregatorName: name,
        ConfigRuleName: rule,
        AccountId: '222222222222',
        AwsRegion: 'us-east-1',
        Limit: 100,
      }),
    );
    expect(
      details.AggregateEvaluationResults!.every(
        r => r.AccountId === '222222222222',
      ),
    ).toBe(true);
    const packs = await client().send(
      new DescribeAggregateComplianceByConformancePacksCommand({
        ConfigurationAggregatorName: name,
        Limit: 100,
      }),
    );
    expect(packs.AggregateComplianceByConformancePacks).toHaveLength(12);
  });

  it('leaves out an account that is not a member', async () => {
    local.aggregator.memberAccountIds = ['111111111111', '333333333333'];
    const status = await client().send(
      new DescribeConfigurationAggregatorSourcesStatusCommand({
        ConfigurationAggregatorName: name,
        Limit: 100,
      }),
    );
    expect(
      status.AggregatedSourceStatusList!.map(s => s.SourceId).sort(),
    ).toEqual(['111111111111', '111111111111', '333333333333', '333333333333']);
  });

  it('exists only in its account and Region, and meets the same faults', async () => {
    const elsewhere = await errorOf(() =>
      configClient(local.url, { accountId: '222222222222' }).send(
        new DescribeConfigurationAggregatorSourcesStatusCommand({
          ConfigurationAggregatorName: name,
        }),
      ),
    );
    expect(elsewhere.name).toBe('NoSuchConfigurationAggregatorException');
    local.setFaults({ accessDeniedAccounts: ['111111111111'] });
    const denied = await errorOf(() =>
      client().send(
        new DescribeConfigurationAggregatorSourcesStatusCommand({
          ConfigurationAggregatorName: name,
        }),
      ),
    );
    expect(denied.name).toBe('AccessDeniedException');
  });
});
