/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { Aws, CfnDeletionPolicy } from 'aws-cdk-lib';
import { CfnAlias, CfnKey } from 'aws-cdk-lib/aws-kms';
import {
  CfnBucket,
  CfnBucketPolicy,
  type CfnBucketProps,
} from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';

/** Actions the account delegates through IAM on the platform key (no wildcard, no CreateGrant). */
const ACCOUNT_KEY_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:Decrypt',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * The platform's key: CloudTrail, the alarm topic, the compliance-events queue and the
 * CloudTrail log group. Each AWS service gets the actions it needs, scoped to this account.
 */
export class PlatformKey extends Construct {
  readonly key: CfnKey;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: { region: string }) {
    super(scope, id);
    const account = Aws.ACCOUNT_ID;
    const service = (
      sid: string,
      principal: string,
      actions: string[],
      condition: Record<string, unknown>,
    ) => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: principal },
      Action: actions,
      Resource: '*',
      Condition: condition,
    });
    this.key = new CfnKey(this, 'Resource', {
      description: 'platform: CloudTrail, alarms, compliance events, logs',
      enableKeyRotation: true,
      pendingWindowInDays: 30,
      keyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministersThroughIam',
            Effect: 'Allow',
            Principal: { AWS: `arn:${Aws.PARTITION}:iam::${account}:root` },
            Action: ACCOUNT_KEY_ACTIONS,
            Resource: '*',
          },
          {
            Sid: 'GrantsOnlyForAwsServices',
            Effect: 'Allow',
            Principal: { AWS: `arn:${Aws.PARTITION}:iam::${account}:root` },
            Action: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:RevokeGrant'],
            Resource: '*',
            Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          },
          service(
            'CloudTrailEncryptsLogs',
            'cloudtrail.amazonaws.com',
            ['kms:GenerateDataKey', 'kms:DescribeKey'],
            { StringEquals: { 'aws:SourceAccount': account } },
          ),
          service(
            'LogsEncryptLogGroups',
            `logs.${props.region}.amazonaws.com`,
            [
              'kms:Decrypt',
              'kms:Encrypt',
              'kms:GenerateDataKey',
              'kms:DescribeKey',
            ],
            {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${props.region}:${account}:log-group:*`,
              },
            },
          ),
          service(
            'CloudWatchPublishesAlarms',
            'cloudwatch.amazonaws.com',
            ['kms:Decrypt', 'kms:GenerateDataKey'],
            { StringEquals: { 'aws:SourceAccount': account } },
          ),
          service(
            'EventBridgeDeliversEvents',
            'events.amazonaws.com',
            ['kms:Decrypt', 'kms:GenerateDataKey'],
            { StringEquals: { 'aws:SourceAccount': account } },
          ),
        ],
      },
    });
    this.key.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    this.key.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    this.keyArn = this.key.attrArn;
    new CfnAlias(this, 'Alias', {
      aliasName: 'alias/platform',
      targetKeyId: this.key.ref,
    });
  }
}

function secureBucketProps(
  name: string,
): Pick<
  CfnBucketProps,
  | 'bucketName'
  | 'bucketEncryption'
  | 'publicAccessBlockConfiguration'
  | 'versioningConfiguration'
  | 'ownershipControls'
> {
  return {
    bucketName: name,
    // SSE-S3: ALB access logs and S3 server access logs accept no other encryption.
    bucketEncryption: {
      serverSideEncryptionConfiguration: [
        { serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    },
    publicAccessBlockConfiguration: {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    versioningConfiguration: { status: 'Enabled' },
    ownershipControls: { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] },
  };
}

function denyWithoutTls(bucketArn: string) {
  return {
    Sid: 'DenyWithoutTls',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * The platform's log buckets: one for S3 server access logs, one for CloudTrail, AWS Config,
 * VPC flow logs and the load balancer's access logs, each under its own prefix.
 */
export class PlatformLogBuckets extends Construct {
  readonly logs: CfnBucket;
  readonly logsArn: string;
  readonly accessLogs: CfnBucket;
  /** Services can deliver only once this exists. */
  readonly logsPolicy: CfnBucketPolicy;

  constructor(
    scope: Construct,
    id: string,
    props: { accountId: string; region: string; trailArn?: string },
  ) {
    super(scope, id);
    const account = Aws.ACCOUNT_ID;
    const suffix = `${props.accountId}-${props.region}`;

    this.accessLogs = new CfnBucket(this, 'AccessLogs', {
      ...secureBucketProps(`platform-access-logs-${suffix}`),
      lifecycleConfiguration: {
        rules: [{ id: 'expire', status: 'Enabled', expirationInDays: 400 }],
      },
    });
    this.accessLogs.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    this.accessLogs.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    new CfnBucketPolicy(this, 'AccessLogsPolicy', {
      bucket: this.accessLogs.ref,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          denyWithoutTls(this.accessLogs.attrArn),
          {
            Sid: 'S3ServerAccessLogs',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${this.accessLogs.attrArn}/*`,
            Condition: { StringEquals: { 'aws:SourceAccount': account } },
          },
        ],
      },
    });

    this.logs = new CfnBucket(this, 'Logs', {
      ...secureBucketProps(`platform-logs-${suffix}`),
      loggingConfiguration: {
        destinationBucketName: this.accessLogs.ref,
        logFilePrefix: 'platform-logs/',
      },
      // PCI DSS 10.5.1: a year of audit logs, the last three months at hand.
      lifecycleConfiguration: {
        rules: [
          {
            id: 'archive-then-expire',
            status: 'Enabled',
            transitions: [{ storageClass: 'GLACIER_IR', transitionInDays: 90 }],
            expirationInDays: 400,
          },
        ],
      },
    });
    this.logs.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    this.logs.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    this.logsArn = this.logs.attrArn;
    const logs = this.logs.attrArn;
    const elbAccount = RegionInfo.get(props.region).elbv2Account;

    this.logsPolicy = new CfnBucketPolicy(this, 'LogsPolicy', {
      bucket: this.logs.ref,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          denyWithoutTls(logs),
          {
            Sid: 'CloudTrailAndConfigCheckAcl',
            Effect: 'Allow',
            Principal: {
              Service: ['cloudtrail.amazonaws.com', 'config.amazonaws.com'],
            },
            Action: ['s3:GetBucketAcl', 's3:ListBucket'],
            Resource: logs,
            Condition: { StringEquals: { 'aws:SourceAccount': account } },
          },
          {
            Sid: 'CloudTrailWrites',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${logs}/cloudtrail/AWSLogs/${account}/*`,
            Condition: { StringEquals: { 'aws:SourceAccount': account } },
          },
          {
            Sid: 'ConfigWrites',
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${logs}/config/AWSLogs/${account}/Config/*`,
            Condition: { StringEquals: { 'aws:SourceAccount': account } },
          },
          {
            Sid: 'FlowLogsWrite',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: ['s3:PutObject', 's3:GetBucketAcl'],
            Resource: [logs, `${logs}/flow-logs/*`],
            Condition: { StringEquals: { 'aws:SourceAccount': account } },
          },
          {
            // Regions before August 2022 deliver as the Region's ELB account, newer ones
            // as the log delivery service.
            Sid: 'LoadBalancerAccessLogs',
            Effect: 'Allow',
            Principal: elbAccount
              ? { AWS: `arn:${Aws.PARTITION}:iam::${elbAccount}:root` }
              : { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${logs}/alb/AWSLogs/${account}/*`,
          },
        ],
      },
    });
  }
}
