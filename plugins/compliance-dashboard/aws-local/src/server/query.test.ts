import type { QueryItem } from '../platform/changes';
import { matches, parseQuery, project } from './query';

const resource = (overrides: Partial<QueryItem>): QueryItem => ({
  index: 0,
  resourceType: 'AWS::SQS::Queue',
  resourceId:
    'https://sqs.eu-west-1.amazonaws.com/111111111111/pbc-cart-events',
  resourceName: 'pbc-cart-events',
  arn: 'arn:aws:sqs:eu-west-1:111111111111:pbc-cart-events',
  accountId: '111111111111',
  region: 'eu-west-1',
  availabilityZone: 'Regional',
  pbc: 'cart',
  tags: { pbc: 'cart', team: 'checkout-team' },
  createdAt: Date.UTC(2026, 0, 1),
  captureTime: Date.UTC(2026, 0, 2),
  ...overrides,
});

const where = (expression: string, r: QueryItem) => {
  const q = parseQuery(`SELECT resourceId WHERE ${expression}`);
  return matches(r, q.where!);
};

describe('the advanced query subset', () => {
  it('parses the backend’s query and projects rows as AWS does', () => {
    const q = parseQuery(
      "SELECT resourceId, resourceType, resourceName, arn, tags, awsRegion, accountId WHERE tags.key = 'pbc'",
    );
    expect(q.fields).toEqual([
      'resourceId',
      'resourceType',
      'resourceName',
      'arn',
      'tags',
      'awsRegion',
      'accountId',
    ]);
    const row = JSON.parse(project(resource({}), q.fields));
    expect(Object.keys(row)).toEqual(q.fields);
    expect(row.tags).toEqual([
      { key: 'pbc', tag: 'pbc:cart', value: 'cart' },
      { key: 'team', tag: 'team:checkout-team', value: 'checkout-team' },
    ]);
    expect(
      JSON.parse(
        project(resource({ resourceName: undefined }), [
          'resourceName',
          'resourceId',
        ]),
      ),
    ).toEqual({
      resourceId: resource({}).resourceId,
    });
  });

  it('evaluates conditions, with any-tag semantics for tags.*', () => {
    const queue = resource({});
    const bucket = resource({
      resourceType: 'AWS::S3::Bucket',
      tags: { 'pbc-portal:owner': 'platform-team' },
    });
    expect(where("tags.key = 'pbc'", queue)).toBe(true);
    expect(where("tags.key = 'pbc'", bucket)).toBe(false);
    expect(
      where("tags.key = 'pbc' AND resourceType = 'AWS::SQS::Queue'", queue),
    ).toBe(true);
    expect(
      where("tags.key = 'pbc' AND resourceType = 'AWS::S3::Bucket'", queue),
    ).toBe(false);
    expect(where("tags.tag = 'pbc:cart'", queue)).toBe(true);
    expect(
      where("resourceType IN ('AWS::S3::Bucket', 'AWS::SQS::Queue')", bucket),
    ).toBe(true);
    expect(where("resourceType NOT IN ('AWS::S3::Bucket')", bucket)).toBe(
      false,
    );
    expect(where("resourceName LIKE 'pbc-cart%'", queue)).toBe(true);
    expect(where("resourceName LIKE 'pbc-checkout%'", queue)).toBe(false);
    expect(
      where(
        "(awsRegion = 'us-east-1' OR awsRegion = 'eu-west-1') AND NOT resourceType = 'AWS::S3::Bucket'",
        queue,
      ),
    ).toBe(true);
    expect(where("resourceType != 'AWS::SQS::Queue'", queue)).toBe(false);
    expect(where('accountId = "111111111111"', queue)).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['SELECT', /field/],
    ['SELECT resourceId FROM resources', /FROM/],
    ['SELECT configuration.kmsKeyId', /configuration/],
    ['SELECT resourceId WHERE', /field/],
    ["SELECT resourceId WHERE tags.key = 'pbc", /Unterminated/],
    ['SELECT resourceId, COUNT(*) GROUP BY resourceId', /Unexpected|support/],
    ["SELECT resourceId WHERE resourceType = 'x' ORDER BY resourceId", /ORDER/],
    ['SELECT bogus', /bogus/],
  ])('rejects %p with InvalidExpressionException', (expression, message) => {
    expect(() => parseQuery(expression)).toThrow(
      expect.objectContaining({
        type: 'InvalidExpressionException',
        message: expect.stringMatching(message),
      }),
    );
  });

  it('compares capture times and reads ResourceCompliance configuration', () => {
    const r = resource({});
    expect(
      where("configurationItemCaptureTime > '2026-01-01T12:00:00.000Z'", r),
    ).toBe(true);
    expect(
      where("configurationItemCaptureTime >= '2026-01-02T00:00:00.000Z'", r),
    ).toBe(true);
    expect(
      where("configurationItemCaptureTime > '2026-01-02T00:00:00.000Z'", r),
    ).toBe(false);
    expect(
      where("configurationItemCaptureTime < '2026-01-02T00:00:00.000Z'", r),
    ).toBe(false);
    expect(
      where("configurationItemCaptureTime <= '2026-01-02T00:00:00.000Z'", r),
    ).toBe(true);
    const compliance = resource({
      resourceType: 'AWS::Config::ResourceCompliance',
      tags: {},
      configuration: {
        targetResourceId: 'cart-table',
        targetResourceType: 'AWS::DynamoDB::Table',
        complianceType: 'NON_COMPLIANT',
        configRuleList: [
          {
            configRuleName: 'DYNAMODB_PITR_ENABLED',
            complianceType: 'NON_COMPLIANT',
          },
        ],
      },
    });
    expect(
      where(
        "configuration.configRuleList.configRuleName = 'DYNAMODB_PITR_ENABLED' AND configuration.complianceType = 'NON_COMPLIANT'",
        compliance,
      ),
    ).toBe(true);
    const q = parseQuery(
      'SELECT configuration.targetResourceId, configuration.configRuleList, configurationItemCaptureTime',
    );
    expect(JSON.parse(project(compliance, q.fields))).toEqual({
      configuration: {
        targetResourceId: 'cart-table',
        configRuleList: [
          {
            configRuleName: 'DYNAMODB_PITR_ENABLED',
            complianceType: 'NON_COMPLIANT',
          },
        ],
      },
      configurationItemCaptureTime: '2026-01-02T00:00:00.000Z',
    });
  });
});
