/* eslint-disable no-new, no-template-curly-in-string -- CDK constructs attach themselves; IAM policy variables such as ${aws:PrincipalTag/pbc} are literal text. */
import { Aws } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PLATFORM_NAMES, TAG_KEYS } from '@pbc-portal/pbc-domain';

/** The PBC a principal belongs to: its `pbc` tag, as an IAM policy variable. */
const OWN = '${aws:PrincipalTag/pbc}';

function arn(service: string, resource: string, region = '*'): string {
  return `arn:${Aws.PARTITION}:${service}:${region}:${Aws.ACCOUNT_ID}:${resource}`;
}

/** Actions the generated service code performs on its own resources. */
export const BOUNDARY_ACTIONS = {
  sns: ['sns:GetTopicAttributes', 'sns:Publish'],
  sqs: [
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
    'sqs:SendMessage',
  ],
  dynamodb: [
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
  kms: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
  rdsDb: ['rds-db:connect'],
  logs: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  ecr: [
    'ecr:BatchCheckLayerAvailability',
    'ecr:BatchGetImage',
    'ecr:GetDownloadUrlForLayer',
  ],
} as const;

// --8<-- [start:platform-permissions-boundary]
/**
 * The permissions boundary every PBC role carries (PBC-IAM-04): whatever a team writes into its
 * own policy, the role can reach only resources named for the PBC in its `pbc` tag —
 * `pbc-<name>_*` topics and queues, the `pbc-<name>` table, keys tagged `pbc=<name>`, the
 * database user `<name>`, log groups under `/pbc/<name>/` and the `pbc-<name>` image
 * repository. The tag cannot be changed by the team: see {@link deploymentGuardDocument}.
 */
export function permissionsBoundaryDocument() {
  const own = {
    topics: arn('sns', `pbc-${OWN}_*`),
    queues: arn('sqs', `pbc-${OWN}_*`),
    table: arn('dynamodb', `table/pbc-${OWN}`),
    indexes: arn('dynamodb', `table/pbc-${OWN}/index/*`),
    dbUser: arn('rds-db', `dbuser:*/${OWN}`),
    logs: arn('logs', `log-group:/pbc/${OWN}/*`),
    repository: arn('ecr', `repository/pbc-${OWN}`),
  };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnTopics',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.sns],
        Resource: own.topics,
      },
      {
        Sid: 'OwnQueues',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.sqs],
        Resource: own.queues,
      },
      {
        Sid: 'OwnTable',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.dynamodb],
        Resource: [own.table, own.indexes],
      },
      {
        // Key ARNs carry no name: the key's `pbc` tag says whose it is.
        Sid: 'OwnKey',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.kms],
        Resource: arn('kms', 'key/*'),
        Condition: {
          StringEquals: { [`aws:ResourceTag/${TAG_KEYS.pbc}`]: OWN },
        },
      },
      {
        Sid: 'OwnDatabaseUser',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.rdsDb],
        Resource: own.dbUser,
      },
      {
        Sid: 'OwnLogs',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.logs],
        Resource: [own.logs, `${own.logs}:log-stream:*`],
      },
      {
        Sid: 'OwnImage',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.ecr],
        Resource: own.repository,
      },
      {
        // Registry-wide by design: the token is for the registry, images stay scoped above.
        Sid: 'RegistryToken',
        Effect: 'Allow',
        Action: ['ecr:GetAuthorizationToken'],
        Resource: '*',
      },
      {
        Sid: 'OwnMetricNamespace',
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricData'],
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': `pbc/${OWN}` } },
      },
      {
        // Explicit, so a later, broader Allow in this boundary cannot open other PBCs' data.
        Sid: 'DenyOtherPbcsMessagingAndTables',
        Effect: 'Deny',
        Action: [
          ...BOUNDARY_ACTIONS.sns,
          ...BOUNDARY_ACTIONS.sqs,
          ...BOUNDARY_ACTIONS.dynamodb,
        ],
        NotResource: [own.topics, own.queues, own.table, own.indexes],
      },
      {
        Sid: 'DenyOtherPbcsKeys',
        Effect: 'Deny',
        Action: [...BOUNDARY_ACTIONS.kms],
        Resource: '*',
        Condition: {
          StringNotEquals: { [`aws:ResourceTag/${TAG_KEYS.pbc}`]: OWN },
        },
      },
      {
        Sid: 'DenyUntaggedPrincipals',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { Null: { [`aws:PrincipalTag/${TAG_KEYS.pbc}`]: 'true' } },
      },
    ],
  };
}
// --8<-- [end:platform-permissions-boundary]

const TAG_ACTIONS = [
  'dynamodb:TagResource',
  'ec2:CreateTags',
  'ecs:TagResource',
  'iam:TagPolicy',
  'iam:TagRole',
  'kms:TagResource',
  'logs:TagResource',
  'rds:AddTagsToResource',
  'sns:TagResource',
  'sqs:TagQueue',
];
const UNTAG_ACTIONS = [
  'dynamodb:UntagResource',
  'ec2:DeleteTags',
  'ecs:UntagResource',
  'iam:UntagPolicy',
  'iam:UntagRole',
  'kms:UntagResource',
  'logs:UntagResource',
  'rds:RemoveTagsFromResource',
  'sns:UntagResource',
  'sqs:UntagQueue',
];
const IAM_WRITE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:CreateRole',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:SetDefaultPolicyVersion',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
];

// --8<-- [start:platform-deployment-guard]
/**
 * The guard that makes the boundary hold. Attached to each PBC's deployment role (tagged
 * `pbc=<name>` by the platform team), or used as an SCP: a team can create and tag roles and
 * resources only for its own PBC, under its own IAM path and always with `pbc-boundary`; it can
 * never remove or change a `pbc` tag to another PBC's name, nor touch the boundary itself.
 */
export function deploymentGuardDocument() {
  const boundaryArn = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${PLATFORM_NAMES.permissionsBoundaryPolicy}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TagOnlyWithOwnPbc',
        Effect: 'Deny',
        // Not iam:CreatePolicy: CloudFormation cannot tag a managed policy (no Tags on
        // AWS::IAM::ManagedPolicy), so a tag condition would stop every PBC deploy; the
        // policy's own path (IamOnlyUnderOwnPath) confines it instead.
        Action: [...TAG_ACTIONS, 'iam:CreateRole'],
        Resource: '*',
        Condition: {
          StringNotEqualsIfExists: { [`aws:RequestTag/${TAG_KEYS.pbc}`]: OWN },
        },
      },
      {
        Sid: 'NeverRetagAnotherPbcsResource',
        Effect: 'Deny',
        Action: TAG_ACTIONS,
        Resource: '*',
        Condition: {
          'ForAnyValue:StringEquals': { 'aws:TagKeys': [TAG_KEYS.pbc] },
          StringNotEqualsIfExists: { [`aws:ResourceTag/${TAG_KEYS.pbc}`]: OWN },
        },
      },
      {
        Sid: 'NeverRemoveThePbcTag',
        Effect: 'Deny',
        Action: UNTAG_ACTIONS,
        Resource: '*',
        Condition: {
          'ForAnyValue:StringEquals': { 'aws:TagKeys': [TAG_KEYS.pbc] },
        },
      },
      {
        Sid: 'RolesAreTaggedWithTheirPbc',
        Effect: 'Deny',
        Action: ['iam:CreateRole'],
        Resource: '*',
        Condition: { Null: { [`aws:RequestTag/${TAG_KEYS.pbc}`]: 'true' } },
      },
      {
        Sid: 'IamOnlyUnderOwnPath',
        Effect: 'Deny',
        Action: IAM_WRITE_ACTIONS,
        NotResource: [
          `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/pbc/${OWN}/*`,
          `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/pbc/${OWN}/*`,
        ],
      },
      {
        Sid: 'RolesCarryTheBoundary',
        Effect: 'Deny',
        Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
        Resource: '*',
        Condition: {
          StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn },
        },
      },
      {
        Sid: 'BoundaryStays',
        Effect: 'Deny',
        Action: ['iam:DeleteRolePermissionsBoundary'],
        Resource: '*',
      },
      {
        Sid: 'DenyUntaggedPrincipals',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { Null: { [`aws:PrincipalTag/${TAG_KEYS.pbc}`]: 'true' } },
      },
    ],
  };
}
// --8<-- [end:platform-deployment-guard]

/** The account's global IAM resources (created in the primary Region only). */
export class PlatformIam extends Construct {
  readonly driftDetectionRole: CfnRole;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new CfnManagedPolicy(this, 'PermissionsBoundary', {
      managedPolicyName: PLATFORM_NAMES.permissionsBoundaryPolicy,
      description:
        'Permissions boundary of every PBC role: own pbc-<name> resources only',
      policyDocument: permissionsBoundaryDocument(),
    });
    new CfnManagedPolicy(this, 'DeploymentGuard', {
      managedPolicyName: PLATFORM_NAMES.deploymentGuardPolicy,
      description:
        'Attached to PBC deployment roles: no retagging, roles only with pbc-boundary',
      policyDocument: deploymentGuardDocument(),
    });

    // AWS Config evaluates CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK as this role; drift
    // detection reads every resource type a stack may hold, hence ReadOnlyAccess.
    const role = new CfnRole(this, 'DriftDetectionRole', {
      roleName: PLATFORM_NAMES.configDriftDetectionRole,
      description:
        'AWS Config: detects drift of PBC stacks (conformance pack rule)',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
            },
          },
        ],
      },
      managedPolicyArns: [
        `arn:${Aws.PARTITION}:iam::aws:policy/ReadOnlyAccess`,
      ],
      policies: [
        {
          policyName: 'detect-pbc-stack-drift',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: [
                  'cloudformation:DetectStackDrift',
                  'cloudformation:DetectStackResourceDrift',
                ],
                Resource: `arn:${Aws.PARTITION}:cloudformation:*:${Aws.ACCOUNT_ID}:stack/pbc-*/*`,
              },
            ],
          },
        },
      ],
    });
    this.driftDetectionRole = role;
  }
}
