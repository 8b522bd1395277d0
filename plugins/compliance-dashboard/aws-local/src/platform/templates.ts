import { RiskPredicate, matchRiskSignals } from '@pbc-portal/pbc-domain';
import { alnumFrom, base32From, hexFrom, mix32 } from './random';
import type { AwsResource, Pbc } from './types';

/**
 * Who makes the call.
 *
 * - `pbc`: the PBC's role, on one of its own resources (or none);
 * - `foreign`: a non-PCI PBC's role on a PCI PBC's resource;
 * - `baseline`: a PBC's role on a platform resource of its account and Region;
 * - `user` / `root`: a person in the console, on the account.
 */
export type ActorKind = 'pbc' | 'foreign' | 'baseline' | 'user' | 'root';

export interface TemplateContext {
  accountId: string;
  region: string;
  pbc?: Pbc;
  resource?: AwsResource;
  user: string;
  /** Per-event hash for ids and small variations. */
  h: number;
  time: number;
}

export interface Built {
  req: unknown;
  resp?: unknown;
  extra?: unknown;
  /** Overrides the target resource in LookupEvents' `Resources`. */
  resources?: Array<{ ResourceType: string; ResourceName: string }>;
  /** The record's own `resources` list (KMS and a few others carry one). */
  recordResources?: Array<{ accountId: string; type: string; ARN: string }>;
}

export interface EventTemplate {
  id: number;
  name: string;
  source: string;
  readOnly: boolean;
  actor: ActorKind;
  /** Resource type the event targets; for `baseline`, a platform resource type. */
  target?: string;
  /** Predicates of the controls catalog that hold for events of this template. */
  risks: RiskPredicate[];
  /** Matches a risk signal of the catalog (computed). */
  risky: boolean;
  weight: number;
  /** Only PCI-scope PBCs make this call. */
  pciOnly?: boolean;
  /** Console-style manual change rather than a pipeline. */
  manual?: boolean;
  build(ctx: TemplateContext): Built;
}

type Def = Omit<
  EventTemplate,
  'id' | 'risky' | 'risks' | 'readOnly' | 'weight'
> & {
  risks?: RiskPredicate[];
  readOnly?: boolean;
  weight?: number;
};

const doc = (statements: unknown[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

const secureTransportDeny = (resource: string, action: string) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: action,
  Resource: resource,
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

const name = (r?: AwsResource) => r?.resourceName ?? r?.resourceId ?? '';
const arn = (r?: AwsResource) => r?.arn ?? '';
const pbcName = (ctx: TemplateContext) => ctx.pbc?.name ?? 'platform';
const roleArnOf = (ctx: TemplateContext) =>
  ctx.pbc?.roleArn ?? `arn:aws:iam::${ctx.accountId}:role/platform-admin`;
const keyAlias = (ctx: TemplateContext) => `alias/pbc-${pbcName(ctx)}-data`;

const sgIngress = (
  ctx: TemplateContext,
  cidr: string,
  port: number,
  byName = false,
) => ({
  req: {
    ...(byName
      ? { groupName: 'default' }
      : { groupId: ctx.resource?.resourceId }),
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          groups: {},
          ipRanges: { items: [{ cidrIp: cidr }] },
          ipv6Ranges: {},
          prefixListIds: {},
        },
      ],
    },
  },
  resp: {
    requestId: hexUuid(ctx.h),
    _return: true,
    securityGroupRuleSet: {
      items: [
        {
          groupOwnerId: ctx.accountId,
          groupId: ctx.resource?.resourceId,
          securityGroupRuleId: `sgr-${hexFrom(ctx.h, 17)}`,
          isEgress: false,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        },
      ],
    },
  },
});

function hexUuid(h: number) {
  const x = hexFrom(mix32(h ^ 0xabcdef), 32);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(
    16,
    20,
  )}-${x.slice(20)}`;
}

const s3Req = (ctx: TemplateContext, extra: Record<string, unknown>) => ({
  bucketName: name(ctx.resource),
  Host: `${name(ctx.resource)}.s3.${ctx.region}.amazonaws.com`,
  ...extra,
});

const kmsRecord = (ctx: TemplateContext) => [
  {
    accountId: ctx.resource?.accountId ?? ctx.accountId,
    type: 'AWS::KMS::Key',
    ARN: arn(ctx.resource),
  },
];

const DEFS: Def[] = [
  // ---- Benign, on the PBC's own resources -------------------------------
  {
    name: 'UpdateService',
    source: 'ecs.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::ECS::Service',
    weight: 10,
    build: ctx => ({
      req: {
        cluster: `commerce-${ctx.pbc?.system}`,
        service: name(ctx.resource),
        taskDefinition: `pbc-${pbcName(ctx)}:${1 + (ctx.h % 400)}`,
        desiredCount: 2 + (ctx.h % 4),
        forceNewDeployment: false,
      },
      resp: { service: { serviceArn: arn(ctx.resource), status: 'ACTIVE' } },
    }),
  },
  {
    name: 'UpdateFunctionCode20150331v2',
    source: 'lambda.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::Lambda::Function',
    weight: 6,
    build: ctx => ({
      req: {
        functionName: name(ctx.resource),
        s3Bucket: `pbc-artifacts-${ctx.accountId}-${ctx.region}`,
        s3Key: `${pbcName(ctx)}/${hexFrom(ctx.h, 12)}.zip`,
        publish: true,
      },
      resp: {
        functionName: name(ctx.resource),
        functionArn: arn(ctx.resource),
        version: String(1 + (ctx.h % 90)),
      },
    }),
  },
  {
    name: 'UpdateFunctionConfiguration20150331v2',
    source: 'lambda.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::Lambda::Function',
    weight: 2,
    build: ctx => ({
      req: { functionName: name(ctx.resource), memorySize: 512, timeout: 30 },
      resp: {
        functionName: name(ctx.resource),
        functionArn: arn(ctx.resource),
      },
    }),
  },
  {
    name: 'UpdateStack',
    source: 'cloudformation.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::CloudFormation::Stack',
    weight: 6,
    build: ctx => ({
      req: {
        stackName: name(ctx.resource),
        templateURL: `https://pbc-artifacts-${ctx.accountId}-${
          ctx.region
        }.s3.amazonaws.com/${pbcName(ctx)}/${hexFrom(ctx.h, 10)}.template.json`,
        capabilities: ['CAPABILITY_NAMED_IAM'],
        tags: [{ key: 'pbc', value: pbcName(ctx) }],
      },
      resp: { stackId: arn(ctx.resource) },
    }),
  },
  {
    name: 'ExecuteChangeSet',
    source: 'cloudformation.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::CloudFormation::Stack',
    weight: 4,
    build: ctx => ({
      req: {
        changeSetName: `cdk-deploy-change-set-${hexFrom(ctx.h, 6)}`,
        stackName: name(ctx.resource),
      },
    }),
  },
  {
    name: 'SetQueueAttributes',
    source: 'sqs.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SQS::Queue',
    weight: 3,
    build: ctx => ({
      req: {
        queueUrl: ctx.resource?.resourceId,
        attributes: {
          VisibilityTimeout: String(30 * (1 + (ctx.h % 4))),
          KmsMasterKeyId: keyAlias(ctx),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: `${arn(ctx.resource)}-dlq`,
            maxReceiveCount: 5,
          }),
          Policy: doc([
            {
              Sid: 'AllowPbcRole',
              Effect: 'Allow',
              Principal: { AWS: roleArnOf(ctx) },
              Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
              Resource: arn(ctx.resource),
            },
            secureTransportDeny(arn(ctx.resource), 'sqs:*'),
          ]),
        },
      },
    }),
  },
  {
    name: 'CreateQueue',
    source: 'sqs.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SQS::Queue',
    weight: 1,
    build: ctx => ({
      req: {
        queueName: name(ctx.resource),
        attributes: {
          KmsMasterKeyId: keyAlias(ctx),
          ...(ctx.pbc?.pciScope
            ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' }
            : {}),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: `${arn(ctx.resource)}-dlq`,
            maxReceiveCount: 5,
          }),
        },
        tags: { pbc: pbcName(ctx) },
      },
      resp: { queueUrl: ctx.resource?.resourceId },
    }),
  },
  {
    name: 'CreateTopic',
    source: 'sns.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SNS::Topic',
    weight: 1,
    build: ctx => ({
      req: {
        name: name(ctx.resource),
        attributes: {
          KmsMasterKeyId: keyAlias(ctx),
          ...(ctx.pbc?.pciScope ? { FifoTopic: 'true' } : {}),
        },
        tags: [{ key: 'pbc', value: pbcName(ctx) }],
      },
      resp: { topicArn: arn(ctx.resource) },
    }),
  },
  {
    name: 'Subscribe',
    source: 'sns.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SNS::Topic',
    weight: 2,
    build: ctx => ({
      req: {
        topicArn: arn(ctx.resource),
        protocol: 'sqs',
        endpoint: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:pbc-${pbcName(
          ctx,
        )}-events`,
        returnSubscriptionArn: true,
      },
      resp: { subscriptionArn: `${arn(ctx.resource)}:${hexUuid(ctx.h)}` },
    }),
  },
  {
    name: 'PutRolePolicy',
    source: 'iam.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::IAM::Role',
    weight: 2,
    build: ctx => ({
      req: {
        roleName: name(ctx.resource),
        policyName: 'messaging',
        policyDocument: doc([
          {
            Effect: 'Allow',
            Action: [
              'sqs:SendMessage',
              'sqs:ReceiveMessage',
              'sqs:DeleteMessage',
            ],
            Resource: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:pbc-${pbcName(
              ctx,
            )}-*`,
          },
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/*`,
            Condition: {
              StringEquals: { 'aws:ResourceTag/pbc': pbcName(ctx) },
            },
          },
        ]),
      },
    }),
  },
  {
    name: 'AttachRolePolicy',
    source: 'iam.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::IAM::Role',
    weight: 1,
    build: ctx => ({
      req: {
        roleName: name(ctx.resource),
        policyArn: `arn:aws:iam::${ctx.accountId}:policy/pbc-${pbcName(
          ctx,
        )}-runtime`,
      },
    }),
  },
  {
    name: 'EnableKeyRotation',
    source: 'kms.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::KMS::Key',
    weight: 1,
    build: ctx => ({
      req: { keyId: arn(ctx.resource) },
      recordResources: kmsRecord(ctx),
    }),
  },
  {
    name: 'TagResource',
    source: 'kms.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::KMS::Key',
    weight: 1,
    build: ctx => ({
      req: {
        keyId: arn(ctx.resource),
        tags: [{ tagKey: 'pbc', tagValue: pbcName(ctx) }],
      },
      recordResources: kmsRecord(ctx),
    }),
  },
  {
    name: 'UpdateTable',
    source: 'dynamodb.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::DynamoDB::Table',
    weight: 2,
    build: ctx => ({
      req: { tableName: name(ctx.resource), billingMode: 'PAY_PER_REQUEST' },
      resp: {
        tableDescription: {
          tableName: name(ctx.resource),
          tableArn: arn(ctx.resource),
          tableStatus: 'UPDATING',
        },
      },
    }),
  },
  {
    name: 'UpdateTimeToLive',
    source: 'dynamodb.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::DynamoDB::Table',
    weight: 1,
    build: ctx => ({
      req: {
        tableName: name(ctx.resource),
        timeToLiveSpecification: { enabled: true, attributeName: 'expiresAt' },
      },
    }),
  },
  {
    name: 'ModifyDBCluster',
    source: 'rds.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::RDS::DBCluster',
    weight: 2,
    build: ctx => ({
      req: {
        dBClusterIdentifier: name(ctx.resource),
        backupRetentionPeriod: 14,
        deletionProtection: true,
        applyImmediately: false,
      },
    }),
  },
  {
    name: 'CreateDBClusterSnapshot',
    source: 'rds.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::RDS::DBCluster',
    weight: 1,
    build: ctx => ({
      req: {
        dBClusterIdentifier: name(ctx.resource),
        dBClusterSnapshotIdentifier: `${name(ctx.resource)}-manual-${hexFrom(
          ctx.h,
          6,
        )}`,
      },
    }),
  },
  {
    name: 'PutBucketPolicy',
    source: 's3.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::S3::Bucket',
    weight: 1,
    build: ctx => ({
      req: s3Req(ctx, {
        bucketPolicy: JSON.parse(
          doc([
            {
              Sid: 'AllowPbcRole',
              Effect: 'Allow',
              Principal: { AWS: roleArnOf(ctx) },
              Action: ['s3:GetObject', 's3:PutObject'],
              Resource: `${arn(ctx.resource)}/*`,
            },
            secureTransportDeny(`${arn(ctx.resource)}/*`, 's3:*'),
          ]),
        ),
        policy: '',
      }),
    }),
  },
  {
    name: 'PutBucketTagging',
    source: 's3.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::S3::Bucket',
    weight: 1,
    build: ctx => ({
      req: s3Req(ctx, {
        Tagging: { TagSet: { Tag: [{ Key: 'pbc', Value: pbcName(ctx) }] } },
        tagging: '',
      }),
    }),
  },
  {
    name: 'PutBucketEncryption',
    source: 's3.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::S3::Bucket',
    weight: 1,
    build: ctx => ({
      req: s3Req(ctx, {
        ServerSideEncryptionConfiguration: {
          Rule: {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: keyAlias(ctx),
            },
            BucketKeyEnabled: true,
          },
        },
        encryption: '',
      }),
    }),
  },
  {
    name: 'PutRetentionPolicy',
    source: 'logs.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::Logs::LogGroup',
    weight: 1,
    build: ctx => ({
      req: { logGroupName: name(ctx.resource), retentionInDays: 731 },
    }),
  },
  {
    name: 'PutSecretValue',
    source: 'secretsmanager.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SecretsManager::Secret',
    weight: 1,
    build: ctx => ({
      req: { secretId: arn(ctx.resource), clientRequestToken: hexUuid(ctx.h) },
      resp: {
        arn: arn(ctx.resource),
        name: name(ctx.resource),
        versionId: hexUuid(ctx.h ^ 1),
      },
    }),
  },
  {
    name: 'RotateSecret',
    source: 'secretsmanager.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SecretsManager::Secret',
    weight: 1,
    build: ctx => ({
      req: {
        secretId: arn(ctx.resource),
        rotationRules: { automaticallyAfterDays: 30 },
      },
    }),
  },
  {
    name: 'PutMetricAlarm',
    source: 'monitoring.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::CloudWatch::Alarm',
    weight: 2,
    build: ctx => ({
      req: {
        alarmName: name(ctx.resource),
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 1,
        alarmActions: [
          `arn:aws:sns:${ctx.region}:${ctx.accountId}:pbc-${pbcName(
            ctx,
          )}-alerts`,
        ],
      },
    }),
  },
  {
    name: 'AuthorizeSecurityGroupIngress',
    source: 'ec2.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::EC2::SecurityGroup',
    weight: 1,
    build: ctx => sgIngress(ctx, '10.20.0.0/16', 443),
  },
  {
    name: 'RevokeSecurityGroupIngress',
    source: 'ec2.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::EC2::SecurityGroup',
    weight: 1,
    build: ctx => sgIngress(ctx, '10.30.0.0/16', 8080),
  },
  {
    name: 'ModifyReplicationGroup',
    source: 'elasticache.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::ElastiCache::ReplicationGroup',
    weight: 1,
    build: ctx => ({
      req: {
        replicationGroupId: name(ctx.resource),
        snapshotRetentionLimit: 7,
        applyImmediately: false,
      },
    }),
  },
  {
    name: 'ModifyLoadBalancerAttributes',
    source: 'elasticloadbalancing.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    weight: 1,
    build: ctx => ({
      req: {
        loadBalancerArn: arn(ctx.resource),
        attributes: [{ key: 'idle_timeout.timeout_seconds', value: '120' }],
      },
    }),
  },
  {
    name: 'RegisterTaskDefinition',
    source: 'ecs.amazonaws.com',
    actor: 'pbc',
    weight: 3,
    build: ctx => ({
      req: {
        family: `pbc-${pbcName(ctx)}`,
        taskRoleArn: roleArnOf(ctx),
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        containerDefinitions: [
          {
            name: pbcName(ctx),
            image: `${ctx.accountId}.dkr.ecr.${
              ctx.region
            }.amazonaws.com/pbc-${pbcName(ctx)}:${hexFrom(ctx.h, 7)}`,
            secrets: [
              {
                name: 'DB_PASSWORD',
                valueFrom: `pbc/${pbcName(ctx)}/db-credentials`,
              },
            ],
          },
        ],
      },
    }),
  },
  // Reads at runtime.
  {
    name: 'Decrypt',
    source: 'kms.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::KMS::Key',
    readOnly: true,
    weight: 6,
    build: ctx => ({
      req: {
        encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        encryptionContext: { pbc: pbcName(ctx) },
      },
      recordResources: kmsRecord(ctx),
    }),
  },
  {
    name: 'GenerateDataKey',
    source: 'kms.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::KMS::Key',
    readOnly: true,
    weight: 4,
    build: ctx => ({
      req: { keyId: keyAlias(ctx), keySpec: 'AES_256' },
      recordResources: kmsRecord(ctx),
    }),
  },
  {
    name: 'GetSecretValue',
    source: 'secretsmanager.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SecretsManager::Secret',
    readOnly: true,
    weight: 4,
    build: ctx => ({ req: { secretId: arn(ctx.resource) } }),
  },

  // ---- Risky, on the PBC's own resources --------------------------------
  {
    name: 'AuthorizeSecurityGroupIngress',
    source: 'ec2.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::EC2::SecurityGroup',
    risks: ['ingress-open-to-world'],
    weight: 4,
    manual: true,
    build: ctx => sgIngress(ctx, '0.0.0.0/0', 443),
  },
  {
    name: 'AuthorizeSecurityGroupIngress',
    source: 'ec2.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::EC2::SecurityGroup',
    risks: ['ingress-open-to-world', 'ssh-or-rdp-port'],
    weight: 2,
    manual: true,
    build: ctx => sgIngress(ctx, '0.0.0.0/0', 22),
  },
  {
    name: 'DeleteTags',
    source: 'ec2.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::EC2::SecurityGroup',
    risks: ['pbc-tag-removed'],
    weight: 1,
    manual: true,
    build: ctx => ({
      req: {
        resourcesSet: { items: [{ resourceId: ctx.resource?.resourceId }] },
        tagSet: { items: [{ key: 'pbc' }] },
      },
      resp: { requestId: hexUuid(ctx.h), _return: true },
    }),
  },
  {
    name: 'UntagResources',
    source: 'tagging.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::DynamoDB::Table',
    risks: ['pbc-tag-removed'],
    weight: 1,
    manual: true,
    build: ctx => ({
      req: { resourceARNList: [arn(ctx.resource)], tagKeys: ['pbc'] },
      resp: { failedResourcesMap: {} },
    }),
  },
  {
    name: 'PutBucketPolicy',
    source: 's3.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::S3::Bucket',
    risks: [
      'bucket-made-public',
      'resource-policy-allows-any-principal',
      'secure-transport-deny-missing',
    ],
    weight: 3,
    manual: true,
    build: ctx => ({
      req: s3Req(ctx, {
        bucketPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'PublicRead',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `${arn(ctx.resource)}/*`,
            },
          ],
        },
        policy: '',
      }),
    }),
  },
  {
    name: 'PutBucketAcl',
    source: 's3.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::S3::Bucket',
    risks: ['bucket-made-public'],
    weight: 2,
    manual: true,
    build: ctx => ({
      req: s3Req(ctx, {
        AccessControlPolicy: {
          AccessControlList: {
            Grant: [
              {
                Grantee: {
                  'xsi:type': 'Group',
                  URI: 'http://acs.amazonaws.com/groups/global/AllUsers',
                },
                Permission: 'READ',
              },
            ],
          },
          Owner: { ID: hexFrom(ctx.h, 64) },
        },
        acl: '',
      }),
    }),
  },
  {
    name: 'DeleteBucketPublicAccessBlock',
    source: 's3.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::S3::Bucket',
    risks: ['bucket-made-public'],
    weight: 1,
    manual: true,
    build: ctx => ({ req: s3Req(ctx, { publicAccessBlock: '' }) }),
  },
  {
    name: 'PutBucketVersioning',
    source: 's3.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::S3::Bucket',
    risks: ['versioning-suspended'],
    weight: 1,
    manual: true,
    build: ctx => ({
      req: s3Req(ctx, {
        VersioningConfiguration: { Status: 'Suspended' },
        versioning: '',
      }),
    }),
  },
  {
    name: 'PutBucketEncryption',
    source: 's3.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::S3::Bucket',
    risks: ['kms-encryption-absent'],
    weight: 1,
    build: ctx => ({
      req: s3Req(ctx, {
        ServerSideEncryptionConfiguration: {
          Rule: {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
          },
        },
        encryption: '',
      }),
    }),
  },
  {
    name: 'PutRolePolicy',
    source: 'iam.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::IAM::Role',
    risks: ['policy-grants-wildcard'],
    weight: 3,
    manual: true,
    build: ctx => ({
      req: {
        roleName: name(ctx.resource),
        policyName: 'debug-everything',
        policyDocument: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
      },
    }),
  },
  {
    name: 'AttachRolePolicy',
    source: 'iam.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::IAM::Role',
    risks: ['admin-policy-attached', 'aws-managed-policy-attached'],
    weight: 1,
    manual: true,
    build: ctx => ({
      req: {
        roleName: name(ctx.resource),
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      },
    }),
  },
  {
    name: 'AttachRolePolicy',
    source: 'iam.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::IAM::Role',
    risks: ['aws-managed-policy-attached'],
    weight: 2,
    build: ctx => ({
      req: {
        roleName: name(ctx.resource),
        policyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess',
      },
    }),
  },
  {
    name: 'DeleteRolePermissionsBoundary',
    source: 'iam.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::IAM::Role',
    weight: 1,
    manual: true,
    build: ctx => ({ req: { roleName: name(ctx.resource) } }),
  },
  {
    name: 'DisableKey',
    source: 'kms.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::KMS::Key',
    weight: 1,
    manual: true,
    build: ctx => ({
      req: { keyId: arn(ctx.resource) },
      recordResources: kmsRecord(ctx),
    }),
  },
  {
    name: 'ScheduleKeyDeletion',
    source: 'kms.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::KMS::Key',
    weight: 1,
    manual: true,
    build: ctx => ({
      req: { keyId: arn(ctx.resource), pendingWindowInDays: 7 },
      resp: {
        keyId: arn(ctx.resource),
        deletionDate: new Date(ctx.time + 7 * 86_400_000)
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        keyState: 'PendingDeletion',
        pendingWindowInDays: 7,
      },
      recordResources: kmsRecord(ctx),
    }),
  },
  {
    name: 'DisableKeyRotation',
    source: 'kms.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::KMS::Key',
    weight: 1,
    build: ctx => ({
      req: { keyId: arn(ctx.resource) },
      recordResources: kmsRecord(ctx),
    }),
  },
  {
    name: 'PutKeyPolicy',
    source: 'kms.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::KMS::Key',
    risks: ['resource-policy-allows-any-principal'],
    weight: 1,
    manual: true,
    build: ctx => ({
      req: {
        keyId: arn(ctx.resource),
        policyName: 'default',
        policy: doc([
          {
            Sid: 'Enable IAM policies',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ctx.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'AnyoneMayDecrypt',
            Effect: 'Allow',
            Principal: '*',
            Action: 'kms:Decrypt',
            Resource: '*',
          },
        ]),
        bypassPolicyLockoutSafetyCheck: false,
      },
      recordResources: kmsRecord(ctx),
    }),
  },
  {
    name: 'SetQueueAttributes',
    source: 'sqs.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SQS::Queue',
    risks: ['redrive-policy-removed'],
    weight: 2,
    build: ctx => ({
      req: {
        queueUrl: ctx.resource?.resourceId,
        attributes: { RedrivePolicy: '' },
      },
    }),
  },
  {
    name: 'SetQueueAttributes',
    source: 'sqs.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SQS::Queue',
    risks: ['kms-encryption-absent'],
    weight: 1,
    build: ctx => ({
      req: {
        queueUrl: ctx.resource?.resourceId,
        attributes: { KmsMasterKeyId: '' },
      },
    }),
  },
  {
    name: 'SetQueueAttributes',
    source: 'sqs.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SQS::Queue',
    risks: [
      'resource-policy-allows-any-principal',
      'secure-transport-deny-missing',
    ],
    weight: 1,
    manual: true,
    build: ctx => ({
      req: {
        queueUrl: ctx.resource?.resourceId,
        attributes: {
          Policy: doc([
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 'sqs:SendMessage',
              Resource: arn(ctx.resource),
            },
          ]),
        },
      },
    }),
  },
  {
    name: 'SetTopicAttributes',
    source: 'sns.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SNS::Topic',
    risks: ['kms-encryption-absent'],
    weight: 1,
    build: ctx => ({
      req: {
        topicArn: arn(ctx.resource),
        attributeName: 'KmsMasterKeyId',
        attributeValue: '',
      },
    }),
  },
  {
    name: 'UpdateContinuousBackups',
    source: 'dynamodb.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::DynamoDB::Table',
    risks: ['pitr-disabled'],
    weight: 2,
    build: ctx => ({
      req: {
        tableName: name(ctx.resource),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      },
    }),
  },
  {
    name: 'ModifyDBCluster',
    source: 'rds.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::RDS::DBCluster',
    risks: ['deletion-protection-disabled'],
    weight: 1,
    manual: true,
    build: ctx => ({
      req: {
        dBClusterIdentifier: name(ctx.resource),
        deletionProtection: false,
        applyImmediately: true,
      },
    }),
  },
  {
    name: 'ModifyDBCluster',
    source: 'rds.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::RDS::DBCluster',
    risks: ['backups-disabled'],
    weight: 1,
    build: ctx => ({
      req: {
        dBClusterIdentifier: name(ctx.resource),
        backupRetentionPeriod: 0,
        applyImmediately: true,
      },
    }),
  },
  {
    name: 'ModifyDBClusterSnapshotAttribute',
    source: 'rds.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::RDS::DBCluster',
    risks: ['snapshot-shared-publicly'],
    weight: 1,
    manual: true,
    build: ctx => ({
      req: {
        dBClusterSnapshotIdentifier: `${name(ctx.resource)}-manual-${hexFrom(
          ctx.h,
          6,
        )}`,
        attributeName: 'restore',
        valuesToAdd: ['all'],
      },
    }),
  },
  {
    name: 'ModifyDBInstance',
    source: 'rds.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::RDS::DBInstance',
    risks: ['made-publicly-accessible'],
    weight: 1,
    manual: true,
    build: ctx => ({
      req: {
        dBInstanceIdentifier: name(ctx.resource),
        publiclyAccessible: true,
        applyImmediately: true,
      },
    }),
  },
  {
    name: 'ModifyDBInstance',
    source: 'rds.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::RDS::DBInstance',
    risks: ['multi-az-disabled'],
    weight: 1,
    build: ctx => ({
      req: {
        dBInstanceIdentifier: name(ctx.resource),
        multiAZ: false,
        applyImmediately: true,
      },
    }),
  },
  {
    name: 'PutRetentionPolicy',
    source: 'logs.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::Logs::LogGroup',
    risks: ['retention-below-minimum'],
    weight: 2,
    build: ctx => ({
      req: { logGroupName: name(ctx.resource), retentionInDays: 1 },
    }),
  },
  {
    name: 'DeleteLogGroup',
    source: 'logs.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::Logs::LogGroup',
    weight: 1,
    manual: true,
    build: ctx => ({ req: { logGroupName: name(ctx.resource) } }),
  },
  {
    name: 'DeleteAlarms',
    source: 'monitoring.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::CloudWatch::Alarm',
    weight: 1,
    manual: true,
    build: ctx => ({ req: { alarmNames: [name(ctx.resource)] } }),
  },
  {
    name: 'DisableAlarmActions',
    source: 'monitoring.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::CloudWatch::Alarm',
    weight: 1,
    manual: true,
    build: ctx => ({ req: { alarmNames: [name(ctx.resource)] } }),
  },
  {
    name: 'CancelRotateSecret',
    source: 'secretsmanager.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::SecretsManager::Secret',
    weight: 1,
    manual: true,
    build: ctx => ({ req: { secretId: arn(ctx.resource) } }),
  },
  {
    name: 'ModifyReplicationGroup',
    source: 'elasticache.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::ElastiCache::ReplicationGroup',
    risks: ['tls-not-required'],
    weight: 1,
    build: ctx => ({
      req: {
        replicationGroupId: name(ctx.resource),
        transitEncryptionEnabled: false,
        applyImmediately: true,
      },
    }),
  },
  {
    name: 'ModifyReplicationGroup',
    source: 'elasticache.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::ElastiCache::ReplicationGroup',
    risks: ['failover-disabled'],
    weight: 1,
    build: ctx => ({
      req: {
        replicationGroupId: name(ctx.resource),
        automaticFailoverEnabled: false,
        multiAZEnabled: false,
      },
    }),
  },
  {
    name: 'ModifyLoadBalancerAttributes',
    source: 'elasticloadbalancing.amazonaws.com',
    actor: 'pbc',
    target: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    risks: ['logging-disabled'],
    weight: 1,
    build: ctx => ({
      req: {
        loadBalancerArn: arn(ctx.resource),
        attributes: [{ key: 'access_logs.s3.enabled', value: 'false' }],
      },
    }),
  },

  // ---- Risky, by a PBC role without a resource of its own ----------------
  {
    name: 'RunInstances',
    source: 'ec2.amazonaws.com',
    actor: 'pbc',
    risks: ['instance-has-key-pair', 'imds-v1-allowed', 'public-ip-requested'],
    weight: 1,
    manual: true,
    build: ctx => {
      const instanceId = `i-${hexFrom(ctx.h, 17)}`;
      return {
        req: {
          instancesSet: {
            items: [
              {
                imageId: `ami-${hexFrom(ctx.h ^ 3, 17)}`,
                minCount: 1,
                maxCount: 1,
                keyName: `${pbcName(ctx)}-debug`,
              },
            ],
          },
          instanceType: 't3.micro',
          networkInterfaceSet: {
            items: [
              {
                deviceIndex: 0,
                subnetId: `subnet-${hexFrom(ctx.h ^ 5, 17)}`,
                associatePublicIpAddress: true,
              },
            ],
          },
          metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled' },
          tagSpecificationSet: {
            items: [
              {
                resourceType: 'instance',
                tags: [{ key: 'pbc', value: pbcName(ctx) }],
              },
            ],
          },
        },
        resp: {
          instancesSet: {
            items: [{ instanceId, keyName: `${pbcName(ctx)}-debug` }],
          },
        },
        resources: [
          { ResourceType: 'AWS::EC2::Instance', ResourceName: instanceId },
        ],
      };
    },
  },
  {
    name: 'CreateRole',
    source: 'iam.amazonaws.com',
    actor: 'pbc',
    risks: ['role-without-permissions-boundary'],
    weight: 2,
    manual: true,
    build: ctx => {
      const roleName = `pbc-${pbcName(ctx)}-adhoc-${hexFrom(ctx.h, 4)}`;
      return {
        req: {
          roleName,
          path: `/pbc/${pbcName(ctx)}/`,
          assumeRolePolicyDocument: doc([
            {
              Effect: 'Allow',
              Principal: { Service: 'ecs-tasks.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ]),
          tags: [{ key: 'pbc', value: pbcName(ctx) }],
        },
        resp: {
          role: {
            roleName,
            arn: `arn:aws:iam::${ctx.accountId}:role/pbc/${pbcName(
              ctx,
            )}/${roleName}`,
            roleId: `AROA${base32From(ctx.h, 17)}`,
          },
        },
        resources: [{ ResourceType: 'AWS::IAM::Role', ResourceName: roleName }],
      };
    },
  },
  {
    name: 'CreateRole',
    source: 'iam.amazonaws.com',
    actor: 'pbc',
    weight: 1,
    build: ctx => {
      const roleName = `pbc-${pbcName(ctx)}-worker-${hexFrom(ctx.h, 4)}`;
      return {
        req: {
          roleName,
          path: `/pbc/${pbcName(ctx)}/`,
          assumeRolePolicyDocument: doc([
            {
              Effect: 'Allow',
              Principal: { Service: 'ecs-tasks.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ]),
          permissionsBoundary: `arn:aws:iam::${ctx.accountId}:policy/pbc-permissions-boundary`,
          tags: [{ key: 'pbc', value: pbcName(ctx) }],
        },
        resources: [{ ResourceType: 'AWS::IAM::Role', ResourceName: roleName }],
      };
    },
  },
  {
    name: 'CreatePolicyVersion',
    source: 'iam.amazonaws.com',
    actor: 'pbc',
    risks: ['policy-grants-wildcard'],
    weight: 1,
    manual: true,
    build: ctx => {
      const policyArn = `arn:aws:iam::${ctx.accountId}:policy/pbc-${pbcName(
        ctx,
      )}-runtime`;
      return {
        req: {
          policyArn,
          policyDocument: doc([
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          ]),
          setAsDefault: true,
        },
        resp: {
          policyVersion: {
            versionId: `v${2 + (ctx.h % 5)}`,
            isDefaultVersion: true,
          },
        },
        resources: [
          { ResourceType: 'AWS::IAM::Policy', ResourceName: policyArn },
        ],
      };
    },
  },
  {
    name: 'CreateQueue',
    source: 'sqs.amazonaws.com',
    actor: 'pbc',
    pciOnly: true,
    risks: ['queue-not-fifo'],
    weight: 1,
    build: ctx => {
      const queueName = `pbc-${pbcName(ctx)}-adhoc-${hexFrom(ctx.h, 4)}`;
      return {
        req: {
          queueName,
          attributes: { KmsMasterKeyId: keyAlias(ctx) },
          tags: { pbc: pbcName(ctx) },
        },
        resp: {
          queueUrl: `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${queueName}`,
        },
        resources: [
          { ResourceType: 'AWS::SQS::Queue', ResourceName: queueName },
        ],
      };
    },
  },
  {
    name: 'CreateRoute',
    source: 'ec2.amazonaws.com',
    actor: 'pbc',
    pciOnly: true,
    risks: ['route-to-internet-gateway'],
    weight: 1,
    manual: true,
    build: ctx => {
      const routeTableId = `rtb-${hexFrom(ctx.h, 17)}`;
      return {
        req: {
          routeTableId,
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: `igw-${hexFrom(ctx.h ^ 9, 17)}`,
        },
        resp: { requestId: hexUuid(ctx.h), _return: true },
        resources: [
          { ResourceType: 'AWS::EC2::RouteTable', ResourceName: routeTableId },
        ],
      };
    },
  },

  // ---- A PBC role on platform resources of its account -------------------
  {
    name: 'AuthorizeSecurityGroupIngress',
    source: 'ec2.amazonaws.com',
    actor: 'baseline',
    target: 'AWS::EC2::SecurityGroup',
    risks: ['targets-default-security-group'],
    weight: 1,
    manual: true,
    build: ctx => sgIngress(ctx, '10.0.0.0/8', 5432, true),
  },
  {
    name: 'DeleteFlowLogs',
    source: 'ec2.amazonaws.com',
    actor: 'baseline',
    target: 'AWS::EC2::VPC',
    weight: 1,
    manual: true,
    build: ctx => ({
      req: {
        DeleteFlowLogsRequest: {
          FlowLogId: { tag: 1, content: `fl-${hexFrom(ctx.h, 17)}` },
        },
      },
      resp: {
        DeleteFlowLogsResponse: {
          xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
          requestId: hexUuid(ctx.h),
          unsuccessful: '',
        },
      },
    }),
  },
  {
    name: 'StopLogging',
    source: 'cloudtrail.amazonaws.com',
    actor: 'baseline',
    target: 'AWS::CloudTrail::Trail',
    weight: 0.3,
    manual: true,
    build: ctx => ({ req: { name: arn(ctx.resource) } }),
  },

  // ---- A non-PCI PBC reaching into a PCI PBC's resources -----------------
  {
    name: 'Decrypt',
    source: 'kms.amazonaws.com',
    actor: 'foreign',
    target: 'AWS::KMS::Key',
    readOnly: true,
    risks: ['pci-resource-from-non-pci-principal'],
    weight: 2,
    build: ctx => ({
      req: {
        encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        encryptionContext: { pbc: ctx.resource?.pbc },
      },
      recordResources: kmsRecord(ctx),
    }),
  },
  {
    name: 'GetSecretValue',
    source: 'secretsmanager.amazonaws.com',
    actor: 'foreign',
    target: 'AWS::SecretsManager::Secret',
    readOnly: true,
    risks: ['pci-resource-from-non-pci-principal'],
    weight: 1,
    build: ctx => ({ req: { secretId: arn(ctx.resource) } }),
  },

  // ---- People and the root user, on the account --------------------------
  {
    name: 'ConsoleLogin',
    source: 'signin.amazonaws.com',
    actor: 'user',
    weight: 30,
    build: ctx => ({
      req: null,
      resp: { ConsoleLogin: 'Success' },
      extra: {
        LoginTo: 'https://console.aws.amazon.com/console/home',
        MobileVersion: 'No',
        MFAIdentifier: `arn:aws:iam::${ctx.accountId}:mfa/${ctx.user}`,
        MFAUsed: 'Yes',
      },
      resources: [],
    }),
  },
  {
    name: 'ConsoleLogin',
    source: 'signin.amazonaws.com',
    actor: 'user',
    risks: ['console-login-without-mfa'],
    weight: 3,
    build: () => ({
      req: null,
      resp: { ConsoleLogin: 'Success' },
      extra: {
        LoginTo: 'https://console.aws.amazon.com/console/home',
        MobileVersion: 'No',
        MFAUsed: 'No',
      },
      resources: [],
    }),
  },
  {
    name: 'ConsoleLogin',
    source: 'signin.amazonaws.com',
    actor: 'root',
    risks: ['root-identity'],
    weight: 0.5,
    build: () => ({
      req: null,
      resp: { ConsoleLogin: 'Success' },
      extra: {
        LoginTo: 'https://console.aws.amazon.com/console/home',
        MobileVersion: 'No',
        MFAUsed: 'Yes',
      },
      resources: [],
    }),
  },
  {
    name: 'CreateAccessKey',
    source: 'iam.amazonaws.com',
    actor: 'root',
    risks: ['root-identity'],
    weight: 0.2,
    build: ctx => ({
      req: null,
      resp: {
        accessKey: {
          accessKeyId: `AKIA${base32From(ctx.h, 16)}`,
          status: 'Active',
          createDate: new Date(ctx.time).toUTCString(),
        },
      },
      resources: [],
    }),
  },
  {
    name: 'CreateAccessKey',
    source: 'iam.amazonaws.com',
    actor: 'user',
    weight: 0.8,
    build: ctx => ({
      req: { userName: ctx.user },
      resp: {
        accessKey: {
          userName: ctx.user,
          accessKeyId: `AKIA${base32From(ctx.h, 16)}`,
          status: 'Active',
          createDate: new Date(ctx.time).toUTCString(),
        },
      },
      resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: ctx.user }],
    }),
  },
  {
    name: 'DeactivateMFADevice',
    source: 'iam.amazonaws.com',
    actor: 'user',
    weight: 0.2,
    build: ctx => ({
      req: {
        userName: ctx.user,
        serialNumber: `arn:aws:iam::${ctx.accountId}:mfa/${ctx.user}`,
      },
      resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: ctx.user }],
    }),
  },
  {
    name: 'DeleteTrail',
    source: 'cloudtrail.amazonaws.com',
    actor: 'user',
    target: 'AWS::CloudTrail::Trail',
    weight: 0.1,
    build: ctx => ({ req: { name: arn(ctx.resource) } }),
  },
  {
    name: 'UpdateTrail',
    source: 'cloudtrail.amazonaws.com',
    actor: 'user',
    target: 'AWS::CloudTrail::Trail',
    risks: ['trail-weakened'],
    weight: 0.3,
    build: ctx => ({
      req: {
        name: arn(ctx.resource),
        isMultiRegionTrail: false,
        enableLogFileValidation: false,
      },
      resp: {
        name: 'platform-trail',
        trailARN: arn(ctx.resource),
        isMultiRegionTrail: false,
        logFileValidationEnabled: false,
      },
    }),
  },
  {
    name: 'UpdateDetector',
    source: 'guardduty.amazonaws.com',
    actor: 'user',
    risks: ['detector-disabled'],
    weight: 0.3,
    build: ctx => ({
      req: { detectorId: hexFrom(ctx.h, 32), enable: false },
      resources: [
        {
          ResourceType: 'AWS::GuardDuty::Detector',
          ResourceName: hexFrom(ctx.h, 32),
        },
      ],
    }),
  },
  {
    name: 'StopConfigurationRecorder',
    source: 'config.amazonaws.com',
    actor: 'user',
    weight: 0.2,
    build: () => ({
      req: { configurationRecorderName: 'default' },
      resources: [
        {
          ResourceType: 'AWS::Config::ConfigurationRecorder',
          ResourceName: 'default',
        },
      ],
    }),
  },
  {
    name: 'DisableSecurityHub',
    source: 'securityhub.amazonaws.com',
    actor: 'user',
    weight: 0.1,
    build: () => ({ req: {}, resources: [] }),
  },
];

function isRisky(def: Def): boolean {
  const risks = new Set(def.risks ?? []);
  return (
    matchRiskSignals({ eventSource: def.source, eventName: def.name }).some(
      m => m.signal.when === undefined || risks.has(m.signal.when),
    ) || risks.has('root-identity')
  );
}

export const TEMPLATES: EventTemplate[] = DEFS.map((def, id) => ({
  ...def,
  id,
  risks: def.risks ?? [],
  readOnly: def.readOnly ?? false,
  weight: def.weight ?? 1,
  risky: isRisky(def),
}));

/** Resource types a template can target, by the set it belongs to. */
export interface TemplateIndex {
  benignByType: Map<string, EventTemplate[]>;
  riskyByType: Map<string, EventTemplate[]>;
  benignActor: EventTemplate[];
  riskyActor: EventTemplate[];
  baseline: EventTemplate[];
  foreign: EventTemplate[];
  account: EventTemplate[];
}

export function indexTemplates(): TemplateIndex {
  const index: TemplateIndex = {
    benignByType: new Map(),
    riskyByType: new Map(),
    benignActor: [],
    riskyActor: [],
    baseline: [],
    foreign: [],
    account: [],
  };
  for (const t of TEMPLATES) {
    if (t.actor === 'user' || t.actor === 'root') index.account.push(t);
    else if (t.actor === 'baseline') index.baseline.push(t);
    else if (t.actor === 'foreign') index.foreign.push(t);
    else if (!t.target)
      (t.risky ? index.riskyActor : index.benignActor).push(t);
    else {
      const map = t.risky ? index.riskyByType : index.benignByType;
      map.set(t.target, [...(map.get(t.target) ?? []), t]);
    }
  }
  return index;
}

/** Short random-looking strings used in records, kept here so ids stay stable. */
export const ids = { alnumFrom, base32From, hexFrom, hexUuid };
