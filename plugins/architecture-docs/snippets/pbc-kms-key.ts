/**
 * The PBC's customer-managed key: encrypts its topics, queues, table or cluster and database
 * secret. Rotated yearly (PBC-DATA-18), retained with a 30-day deletion window when the stack
 * goes (PBC-DATA-19). In a key policy `Resource: "*"` means this key only.
 */
export class PbcKey extends Construct {
  readonly key: CfnKey;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: PbcKeyProps) {
    super(scope, id);
    const statements: Record<string, unknown>[] = [
      {
        Sid: 'AccountAdministersAndDelegatesThroughIam',
        Effect: 'Allow',
        Principal: { AWS: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root` },
        Action: ACCOUNT_KEY_ACTIONS,
        Resource: '*',
      },
    ];
    // Grants only for AWS services acting for the account (RDS, for the cluster's storage and
    // secret), never a grant a principal could hand to someone else.
    statements.push({
      Sid: 'GrantsOnlyForAwsResources',
      Effect: 'Allow',
      Principal: { AWS: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root` },
      Action: ['kms:CreateGrant', 'kms:RevokeGrant'],
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
    const logGroups = props.logGroupNames ?? [];
    if (logGroups.length > 0) {
      statements.push({
        Sid: 'LogsEncryptOwnLogGroups',
        Effect: 'Allow',
        Principal: { Service: `logs.${Aws.REGION}.amazonaws.com` },
        Action: [
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:Encrypt',
          'kms:GenerateDataKey',
        ],
        Resource: '*',
        Condition: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': logGroups.map(
              name =>
                `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${name}`,
            ),
          },
        },
      });
    }
    if (props.subscribedTopicArns.length > 0) {
      // SNS encrypts what it delivers into our queues with our key, and only for the
      // producer topics this PBC subscribes to (PBC-IAM-13: no unconditioned principal).
      statements.push({
        Sid: 'SubscribedTopicsDeliverToQueues',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
        Condition: {
          ArnEquals: { 'aws:SourceArn': props.subscribedTopicArns },
        },
      });
    }
    this.key = new CfnKey(this, 'Resource', {
      description: `PBC ${props.pbc}: encrypts its messages, data and secrets`,
      enableKeyRotation: true,
      pendingWindowInDays: 30,
      keyPolicy: { Version: '2012-10-17', Statement: statements },
    });
    this.key.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    this.key.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    this.keyArn = this.key.attrArn;

    new CfnAlias(this, 'Alias', {
      aliasName: keyAliasName(props.pbc),
      targetKeyId: this.key.ref,
    });
  }
}
