import {
  AccountRegion,
  CloudTrailReadResult,
  ComplianceReader,
  ConfigReadResult,
  TrailEvent,
} from '../aws/types';

/**
 * An in-memory reader for route tests: two accounts, three PBCs (cart and
 * payment in 111111111111, search in 222222222222), fixed findings and
 * events. `failAccounts` makes reads of those accounts throw;
 * `paymentPitrLost` turns payment's table non-compliant with
 * DYNAMODB_PITR_ENABLED (PBC-DATA-01, high), the change the notification
 * tests make between refreshes.
 */
export class FakeComplianceReader implements ComplianceReader {
  failAccounts = new Set<string>();
  paymentPitrLost = false;
  calls = 0;
  #now: Date;

  constructor(now = new Date()) {
    this.#now = now;
  }

  async readConfig(target: AccountRegion): Promise<ConfigReadResult> {
    this.calls += 1;
    if (this.failAccounts.has(target.accountId)) {
      const error = new Error(
        `User: arn:aws:sts::${target.accountId}:assumed-role/x is not authorized to perform: config:SelectResourceConfig`,
      );
      error.name = 'AccessDeniedException';
      throw error;
    }
    const base = { ...target };
    const resource = (pbc: string, type: string, id: string) => ({
      ...base,
      resourceType: type,
      resourceId: id,
      resourceName: id,
      arn: `arn:aws:dynamodb:${target.region}:${target.accountId}:table/${id}`,
      pbc,
    });
    const rules = [
      {
        name: 'DYNAMODB_PITR_ENABLED',
        sourceOwner: 'AWS',
        sourceIdentifier: 'DYNAMODB_PITR_ENABLED',
        compliance: 'NON_COMPLIANT',
      },
      {
        name: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
        sourceOwner: 'AWS',
        sourceIdentifier: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
        compliance: 'COMPLIANT',
      },
    ];
    if (target.accountId === '111111111111') {
      return {
        ...base,
        resources: [
          resource('cart', 'AWS::DynamoDB::Table', 'cart-table'),
          resource('payment', 'AWS::DynamoDB::Table', 'payment-table'),
        ],
        rules,
        evaluations: [
          {
            ruleName: 'DYNAMODB_PITR_ENABLED',
            resourceType: 'AWS::DynamoDB::Table',
            resourceId: 'cart-table',
            compliance: 'NON_COMPLIANT',
            annotation: 'Point-in-time recovery is off',
          },
          {
            ruleName: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
            resourceType: 'AWS::DynamoDB::Table',
            resourceId: 'cart-table',
            compliance: 'COMPLIANT',
          },
          {
            ruleName: 'DYNAMODB_PITR_ENABLED',
            resourceType: 'AWS::DynamoDB::Table',
            resourceId: 'payment-table',
            compliance: this.paymentPitrLost ? 'NON_COMPLIANT' : 'COMPLIANT',
          },
          {
            ruleName: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
            resourceType: 'AWS::DynamoDB::Table',
            resourceId: 'payment-table',
            compliance: 'COMPLIANT',
          },
        ],
        conformancePacks: ['pbc-cart', 'pbc-payment'],
      };
    }
    return {
      ...base,
      resources: [resource('search', 'AWS::DynamoDB::Table', 'search-index')],
      rules,
      evaluations: [
        {
          ruleName: 'DYNAMODB_PITR_ENABLED',
          resourceType: 'AWS::DynamoDB::Table',
          resourceId: 'search-index',
          compliance: 'NON_COMPLIANT',
        },
        {
          ruleName: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
          resourceType: 'AWS::DynamoDB::Table',
          resourceId: 'search-index',
          compliance: 'NON_COMPLIANT',
        },
      ],
      conformancePacks: [],
    };
  }

  async readCloudTrail(
    target: AccountRegion,
    window: { start: Date; end: Date },
    onPage: (events: TrailEvent[]) => void | Promise<void>,
  ): Promise<CloudTrailReadResult> {
    this.calls += 1;
    if (this.failAccounts.has(target.accountId)) {
      throw new Error('should not be reached: Config failed first');
    }
    if (target.accountId !== '111111111111') {
      return { pages: 1, events: 0 };
    }
    const time = new Date(
      Math.max(window.start.getTime(), this.#now.getTime() - 3600000),
    );
    const events: TrailEvent[] = [
      {
        eventId: 'b7e1c1d2-0000-4000-8000-000000000001',
        eventTime: time,
        eventName: 'UpdateContinuousBackups',
        eventSource: 'dynamodb.amazonaws.com',
        username: 'deploy',
        resources: [{ type: 'AWS::DynamoDB::Table', name: 'cart-table' }],
        cloudTrailEvent: JSON.stringify({
          userIdentity: {
            type: 'AssumedRole',
            arn: `arn:aws:sts::${target.accountId}:assumed-role/pbc-cart-role/deploy`,
          },
          awsRegion: target.region,
          sourceIPAddress: '192.0.2.10',
          requestParameters: {
            tableName: 'cart-table',
            pointInTimeRecoverySpecification: {
              pointInTimeRecoveryEnabled: false,
            },
          },
        }),
      },
      {
        eventId: 'b7e1c1d2-0000-4000-8000-000000000002',
        eventTime: time,
        eventName: 'DescribeTable',
        eventSource: 'dynamodb.amazonaws.com',
        resources: [],
      },
    ];
    await onPage(events);
    return { pages: 1, events: events.length };
  }

  requestCount(): number {
    return this.calls;
  }
}
