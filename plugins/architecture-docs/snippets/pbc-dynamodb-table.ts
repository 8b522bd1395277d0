/**
 * The PBC's DynamoDB table (`pbc-<name>`, single-table design with `pk`/`sk`): on-demand,
 * point-in-time recovery on (PBC-DATA-01), encrypted with the PBC's key (PBC-DATA-02),
 * deletion protection on and retained when the stack or the resource goes (PBC-DATA-05).
 * The role gets item-level actions on this table only; no Scan, no index wildcard.
 */
export class PbcTable extends Construct {
  readonly table: CfnTable;

  constructor(scope: Construct, id: string, props: PbcTableProps) {
    super(scope, id);
    this.table = new CfnTable(this, 'Resource', {
      tableName: pbcResourceName(props.pbc),
      billingMode: 'PAY_PER_REQUEST',
      attributeDefinitions: [
        { attributeName: 'pk', attributeType: 'S' },
        { attributeName: 'sk', attributeType: 'S' },
      ],
      keySchema: [
        { attributeName: 'pk', keyType: 'HASH' },
        { attributeName: 'sk', keyType: 'RANGE' },
      ],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      sseSpecification: {
        sseEnabled: true,
        sseType: 'KMS',
        kmsMasterKeyId: props.keyArn,
      },
      deletionProtectionEnabled: true,
    });
    this.table.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    this.table.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    Tags.of(this.table).add(TAG_KEYS.dataClass, props.dataClass);

    // On-demand tables throttle too (per-partition limits, sudden doubling of traffic).
    for (const kind of ['Read', 'Write']) {
      new CfnAlarm(this, `${kind}ThrottleAlarm`, {
        alarmName: alarmName(
          props.pbc,
          `table-${kind.toLowerCase()}-throttled`,
        ),
        alarmDescription: `PBC ${
          props.pbc
        }: ${kind.toLowerCase()} requests to its table are throttled`,
        namespace: 'AWS/DynamoDB',
        metricName: `${kind}ThrottleEvents`,
        dimensions: [{ name: 'TableName', value: this.table.ref }],
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [props.alarmTopicArn],
      });
    }

    props.role.grant(
      'ReadWriteTable',
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:DescribeTable',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      [
        `arn:${Aws.PARTITION}:dynamodb:${Aws.REGION}:${
          Aws.ACCOUNT_ID
        }:table/${pbcResourceName(props.pbc)}`,
      ],
    );
  }
}
