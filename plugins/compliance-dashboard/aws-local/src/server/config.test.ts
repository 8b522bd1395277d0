import {
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConformancePackComplianceCommand,
  GetComplianceDetailsByConfigRuleCommand,
  SelectResourceConfigCommand,
  paginateDescribeComplianceByConfigRule,
  paginateDescribeConfigRules,
  paginateDescribeConformancePackCompliance,
  paginateDescribeConformancePacks,
  paginateGetComplianceDetailsByConfigRule,
  paginateGetConformancePackComplianceDetails,
  paginateSelectResourceConfig,
} from '@aws-sdk/client-config-service';
import { configClient, errorOf } from '../__testUtils__/clients';
import { demoPlatform } from '../platform/generate';
import { AwsLocal, startAwsLocal } from './server';

const NOW = new Date('2026-11-20T12:00:00Z');
const QUERY =
  "SELECT resourceId, resourceType, resourceName, arn, tags, awsRegion, accountId WHERE tags.key = 'pbc'";

describe('AWS Config operations through the SDK', () => {
  let local: AwsLocal;
  const platform = demoPlatform(NOW);
  const account = '111111111111';
  const region = 'eu-west-1';

  beforeAll(async () => {
    local = await startAwsLocal({ platform });
  });
  afterAll(() => local.close());

  const client = () => configClient(local.url, { accountId: account, region });

  it('describes every deployed rule once, across pages of 25', async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeConfigRules(
      { client: client() },
      {},
    )) {
      pages++;
      for (const rule of page.ConfigRules ?? [])
        names.push(rule.ConfigRuleName!);
    }
    expect(pages).toBe(Math.ceil(platform.rules.length / 25));
    expect(names).toEqual(platform.rules.map(r => r.name));

    const { ConfigRules } = await client().send(
      new DescribeConfigRulesCommand({
        ConfigRuleNames: ['DYNAMODB_PITR_ENABLED', 'PBC-MSG-01'],
      }),
    );
    expect(ConfigRules).toHaveLength(2);
    const [managed, custom] = ConfigRules!;
    expect(managed.Source).toMatchObject({
      Owner: 'AWS',
      SourceIdentifier: 'DYNAMODB_PITR_ENABLED',
    });
    expect(managed.Scope?.ComplianceResourceTypes).toEqual([
      'AWS::DynamoDB::Table',
    ]);
    expect(managed.ConfigRuleArn).toMatch(
      new RegExp(
        `^arn:aws:config:${region}:${account}:config-rule/config-rule-[a-z0-9]{6}$`,
      ),
    );
    expect(managed.ConfigRuleState).toBe('ACTIVE');
    expect(custom.Source?.Owner).toBe('CUSTOM_POLICY');
    expect(custom.Description).toMatch(/^PBC-MSG-01: /);
  });

  it('reports rule compliance with non-compliant counts', async () => {
    const rows = [];
    for await (const page of paginateDescribeComplianceByConfigRule(
      { client: client() },
      {},
    )) {
      rows.push(...(page.ComplianceByConfigRules ?? []));
    }
    expect(rows).toHaveLength(platform.rules.length);
    for (const row of rows) {
      const summary = platform
        .evaluations(account, region, platform.rule(row.ConfigRuleName!)!)
        .summary();
      expect(row.Compliance?.ComplianceType).toBe(summary.complianceType);
      // Only non-compliant rules carry a contributor count.
      expect(row.Compliance?.ComplianceContributorCount?.CappedCount).toBe(
        summary.complianceType === 'NON_COMPLIANT'
          ? Math.min(100, summary.nonCompliant)
          : undefined,
      );
    }
    const onlyBad = await client().send(
      new DescribeComplianceByConfigRuleCommand({
        ComplianceTypes: ['NON_COMPLIANT'],
      }),
    );
    expect(onlyBad.ComplianceByConfigRules!.length).toBeGreaterThan(0);
    expect(
      onlyBad.ComplianceByConfigRules!.every(
        r => r.Compliance?.ComplianceType === 'NON_COMPLIANT',
      ),
    ).toBe(true);
  });

  it('pages through evaluation results, every result exactly once', async () => {
    // The rule with the most evaluations in this account and Region.
    const rule = [...platform.rules].sort(
      (a, b) =>
        platform.evaluations(account, region, b).length -
        platform.evaluations(account, region, a).length,
    )[0];
    const expected = platform.evaluations(account, region, rule);
    expect(expected.length).toBeGreaterThan(25);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateGetComplianceDetailsByConfigRule(
      { client: client(), pageSize: 7 },
      { ConfigRuleName: rule.name },
    )) {
      pages++;
      expect(page.EvaluationResults!.length).toBeLessThanOrEqual(7);
      for (const result of page.EvaluationResults ?? []) {
        const q = result.EvaluationResultIdentifier!.EvaluationResultQualifier!;
        expect(q.ConfigRuleName).toBe(rule.name);
        expect(result.ResultRecordedTime).toBeInstanceOf(Date);
        expect(result.ConfigRuleInvokedTime!.getTime()).toBeLessThan(
          result.ResultRecordedTime!.getTime(),
        );
        seen.push(`${q.ResourceType}|${q.ResourceId}|${result.ComplianceType}`);
      }
    }
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(
      Array.from({ length: expected.length }, (_, k) => expected.get(k))
        .map(
          e =>
            `${e.resource.resourceType}|${e.resource.resourceId}|${e.complianceType}`,
        )
        .sort(),
    );
    // Default page size is 10; a filter narrows the results.
    const first = await client().send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: rule.name,
      }),
    );
    expect(first.EvaluationResults).toHaveLength(Math.min(10, expected.length));
    const nonCompliant = await client().send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: rule.name,
        ComplianceTypes: ['NON_COMPLIANT'],
        Limit: 100,
      }),
    );
    expect(
      nonCompliant.EvaluationResults!.every(
        r => r.ComplianceType === 'NON_COMPLIANT',
      ),
    ).toBe(true);
    expect(
      nonCompliant.EvaluationResults!.every(
        r => typeof r.Annotation === 'string',
      ),
    ).toBe(true);
  });

  it('answers the tagged-resources query with JSON strings, paged', async () => {
    const rows: any[] = [];
    let selectFields: string[] = [];
    for await (const page of paginateSelectResourceConfig(
      { client: client(), pageSize: 30 },
      { Expression: QUERY },
    )) {
      selectFields = page.QueryInfo!.SelectFields!.map(f => f.Name!);
      for (const line of page.Results ?? []) {
        expect(typeof line).toBe('string');
        rows.push(JSON.parse(line));
      }
    }
    expect(selectFields).toEqual([
      'resourceId',
      'resourceType',
      'resourceName',
      'arn',
      'tags',
      'awsRegion',
      'accountId',
    ]);
    const expected = platform.resourcesIn(account, region).filter(r => r.pbc);
    expect(rows).toHaveLength(expected.length);
    expect(
      new Set(rows.map(r => `${r.resourceType}|${r.resourceId}`)).size,
    ).toBe(rows.length);
    for (const row of rows) {
      expect(row.accountId).toBe(account);
      expect(row.awsRegion).toBe(region);
      const pbcTag = row.tags.find((t: any) => t.key === 'pbc');
      expect(pbcTag).toEqual({
        key: 'pbc',
        value: pbcTag.value,
        tag: `pbc:${pbcTag.value}`,
      });
      expect(platform.pbc(pbcTag.value)).toBeDefined();
    }
    const queues = await client().send(
      new SelectResourceConfigCommand({
        Expression: `${QUERY} AND resourceType = 'AWS::SQS::Queue'`,
        Limit: 100,
      }),
    );
    expect(queues.Results!.length).toBe(
      expected.filter(r => r.resourceType === 'AWS::SQS::Queue').length,
    );
    expect(queues.Results!.map(r => JSON.parse(r).resourceType)).toEqual(
      queues.Results!.map(() => 'AWS::SQS::Queue'),
    );
  });

  it('lists conformance packs and their compliance', async () => {
    const packs: string[] = [];
    for await (const page of paginateDescribeConformancePacks(
      { client: client(), pageSize: 2 },
      {},
    )) {
      for (const p of page.ConformancePackDetails ?? []) {
        expect(p.ConformancePackArn).toContain(
          `:conformance-pack/${p.ConformancePackName}/`,
        );
        packs.push(p.ConformancePackName!);
      }
    }
    expect(packs).toEqual(
      platform.pbcsIn(account, region).map(p => `pbc-${p.name}`),
    );

    const pbc = platform.pbcsIn(account, region)[0];
    const rows = [];
    for await (const page of paginateDescribeConformancePackCompliance(
      { client: client(), pageSize: 10 },
      { ConformancePackName: pbc.conformancePack },
    )) {
      expect(page.ConformancePackName).toBe(pbc.conformancePack);
      rows.push(...page.ConformancePackRuleComplianceList!);
    }
    expect(rows.map(r => r.ConfigRuleName)).toEqual(
      platform.packRules(pbc).map(r => r.name),
    );
    expect(
      rows.every(r =>
        (r.Controls ?? []).every(id => /^PBC-[A-Z]+-\d{2}$/.test(id)),
      ),
    ).toBe(true);
    expect(
      new Set(rows.map(r => r.ComplianceType)).has('INSUFFICIENT_DATA'),
    ).toBe(true);

    const results = [];
    for await (const page of paginateGetConformancePackComplianceDetails(
      { client: client(), pageSize: 5 },
      { ConformancePackName: pbc.conformancePack },
    )) {
      results.push(...page.ConformancePackRuleEvaluationResults!);
    }
    const expected = platform
      .packEvaluations(pbc)
      .filter(e => e.complianceType !== 'NOT_APPLICABLE');
    expect(results).toHaveLength(expected.length);
    for (const r of results) {
      const q = r.EvaluationResultIdentifier!.EvaluationResultQualifier!;
      expect(
        platform
          .resourcesIn(account, region)
          .find(x => x.resourceId === q.ResourceId)?.pbc,
      ).toBe(pbc.name);
    }
    // Rule compliance of the pack agrees with its evaluation results.
    const bad = new Set(
      results
        .filter(r => r.ComplianceType === 'NON_COMPLIANT')
        .map(
          r =>
            r.EvaluationResultIdentifier!.EvaluationResultQualifier!
              .ConfigRuleName,
        ),
    );
    expect(
      new Set(
        rows
          .filter(r => r.ComplianceType === 'NON_COMPLIANT')
          .map(r => r.ConfigRuleName),
      ),
    ).toEqual(bad);
  });

  it('rejects unknown names, bad limits and foreign NextTokens like AWS', async () => {
    const unknownRule = await errorOf(() =>
      client().send(
        new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'nope' }),
      ),
    );
    expect(unknownRule.name).toBe('NoSuchConfigRuleException');
    expect(unknownRule.$metadata.httpStatusCode).toBe(400);

    const unknownPack = await errorOf(() =>
      client().send(
        new DescribeConformancePackComplianceCommand({
          ConformancePackName: 'pbc-nope',
        }),
      ),
    );
    expect(unknownPack.name).toBe('NoSuchConformancePackException');

    const badLimit = await errorOf(() =>
      client().send(
        new GetComplianceDetailsByConfigRuleCommand({
          ConfigRuleName: platform.rules[0].name,
          Limit: 101,
        }),
      ),
    );
    expect(badLimit.name).toBe('InvalidLimitException');

    const badQuery = await errorOf(() =>
      client().send(
        new SelectResourceConfigCommand({
          Expression: 'SELECT nonsense WHERE',
        }),
      ),
    );
    expect(badQuery.name).toBe('InvalidExpressionException');

    const forged = await errorOf(() =>
      client().send(
        new DescribeConfigRulesCommand({
          NextToken: 'MjU.forged-signature-xxxxxx',
        }),
      ),
    );
    expect(forged.name).toBe('InvalidNextTokenException');

    // A real token, but from a different query, is refused too.
    const page = await client().send(
      new SelectResourceConfigCommand({ Expression: QUERY, Limit: 5 }),
    );
    expect(page.NextToken).toBeDefined();
    const reused = await errorOf(() =>
      client().send(
        new SelectResourceConfigCommand({
          Expression: `${QUERY} AND resourceType = 'AWS::SQS::Queue'`,
          NextToken: page.NextToken,
        }),
      ),
    );
    expect(reused.name).toBe('InvalidNextTokenException');
    // ... and from another account.
    const other = configClient(local.url, {
      accountId: '333333333333',
      region,
    });
    const crossAccount = await errorOf(() =>
      other.send(
        new SelectResourceConfigCommand({
          Expression: QUERY,
          NextToken: page.NextToken,
        }),
      ),
    );
    expect(crossAccount.name).toBe('InvalidNextTokenException');
  });

  it('derives the account from the access key and the Region from the credential scope', async () => {
    const usEast = configClient(local.url, {
      accountId: '222222222222',
      region: 'us-east-1',
    });
    const { Results } = await usEast.send(
      new SelectResourceConfigCommand({ Expression: QUERY, Limit: 100 }),
    );
    const pbcs = new Set(
      Results!.map(
        r => JSON.parse(r).tags.find((t: any) => t.key === 'pbc').value,
      ),
    );
    expect([...pbcs]).toEqual(
      platform.pbcsIn('222222222222', 'us-east-1').map(p => p.name),
    );

    const stranger = configClient(local.url, {
      accountId: '999999999999',
      region,
    });
    const denied = await errorOf(() =>
      stranger.send(new DescribeConfigRulesCommand({})),
    );
    expect(denied.name).toBe('UnrecognizedClientException');
    expect(denied.$metadata.httpStatusCode).toBe(400);
  });
});
