import {
  RISK_PREDICATE_DESCRIPTIONS,
  RiskPredicate,
} from '@pbc-portal/pbc-domain';
import { RiskConfig } from '../config';
import { PbcRef, PredicateContext, RISK_PREDICATES } from './riskPredicates';

const risk: RiskConfig = {
  approvedRegions: ['eu-west-1', 'eu-central-1'],
  minLogRetentionDays: 365,
  erasureTopicNames: ['customer-erasure'],
  defaultSecurityGroupIds: ['sg-0default'],
};

const pci: PbcRef = {
  entityRef: 'component:default/payment',
  pbc: 'payment',
  pciScope: true,
};
const cart: PbcRef = {
  entityRef: 'component:default/cart',
  pbc: 'cart',
  pciScope: false,
};

interface Case {
  eventSource: string;
  eventName: string;
  record?: Record<string, unknown>;
  requestParameters?: Record<string, unknown>;
  callers?: PbcRef[];
  targets?: PbcRef[];
  config?: Partial<RiskConfig>;
}

const policy = (statement: object) => ({
  Version: '2012-10-17',
  Statement: [statement],
});

// For every predicate, events it must flag and events it must not.
const CASES: Record<RiskPredicate, { fires: Case[]; quiet: Case[] }> = {
  'root-identity': {
    fires: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        record: {
          userIdentity: { type: 'Root', arn: 'arn:aws:iam::111111111111:root' },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        record: { userIdentity: { type: 'AssumedRole' } },
      },
    ],
  },
  'console-login-without-mfa': {
    fires: [
      {
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        record: {
          responseElements: { ConsoleLogin: 'Success' },
          additionalEventData: { MFAUsed: 'No' },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        record: {
          responseElements: { ConsoleLogin: 'Success' },
          additionalEventData: { MFAUsed: 'Yes' },
        },
      },
      {
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        record: {
          responseElements: { ConsoleLogin: 'Failure' },
          additionalEventData: { MFAUsed: 'No' },
        },
      },
    ],
  },
  'policy-grants-wildcard': {
    fires: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'PutRolePolicy',
        requestParameters: {
          roleName: 'pbc-cart-role',
          policyDocument: JSON.stringify(
            policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
          ),
        },
      },
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreatePolicy',
        requestParameters: {
          policyDocument: encodeURIComponent(
            JSON.stringify(
              policy({
                Effect: 'Allow',
                Action: ['sqs:SendMessage', '*'],
                Resource: '*',
              }),
            ),
          ),
        },
      },
    ],
    quiet: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'PutRolePolicy',
        requestParameters: {
          policyDocument: JSON.stringify(
            policy({
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Resource: 'arn:aws:sqs:eu-west-1:111111111111:cart',
            }),
          ),
        },
      },
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'PutRolePolicy',
        requestParameters: {
          policyDocument: JSON.stringify(
            policy({ Effect: 'Deny', Action: '*', Resource: '*' }),
          ),
        },
      },
    ],
  },
  'admin-policy-attached': {
    fires: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachRolePolicy',
        requestParameters: {
          roleName: 'x',
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        },
      },
    ],
    quiet: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachRolePolicy',
        requestParameters: {
          policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        },
      },
    ],
  },
  'aws-managed-policy-attached': {
    fires: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachRolePolicy',
        requestParameters: {
          policyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess',
        },
      },
    ],
    quiet: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachRolePolicy',
        requestParameters: {
          policyArn: 'arn:aws:iam::111111111111:policy/pbc-cart',
        },
      },
    ],
  },
  'role-without-permissions-boundary': {
    fires: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateRole',
        requestParameters: {
          roleName: 'pbc-cart-role',
          assumeRolePolicyDocument: '{}',
        },
      },
    ],
    quiet: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateRole',
        requestParameters: {
          roleName: 'pbc-cart-role',
          permissionsBoundary: 'arn:aws:iam::111111111111:policy/pbc-boundary',
        },
      },
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateRole',
        requestParameters: { roleName: 'ops-break-glass' },
      },
    ],
  },
  'resource-policy-allows-any-principal': {
    fires: [
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'SetQueueAttributes',
        requestParameters: {
          attributes: {
            Policy: JSON.stringify(
              policy({
                Effect: 'Allow',
                Principal: '*',
                Action: 'sqs:SendMessage',
              }),
            ),
          },
        },
      },
      {
        eventSource: 'sns.amazonaws.com',
        eventName: 'SetTopicAttributes',
        requestParameters: {
          attributeName: 'Policy',
          attributeValue: JSON.stringify(
            policy({
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 'sns:Publish',
            }),
          ),
        },
      },
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'AddPermission',
        requestParameters: { aWSAccountIds: ['*'], actions: ['SendMessage'] },
      },
    ],
    quiet: [
      {
        eventSource: 'kms.amazonaws.com',
        eventName: 'PutKeyPolicy',
        requestParameters: {
          policy: JSON.stringify(
            policy({
              Effect: 'Allow',
              Principal: '*',
              Action: 'kms:Decrypt',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
            }),
          ),
        },
      },
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'SetQueueAttributes',
        requestParameters: { attributes: { VisibilityTimeout: '30' } },
      },
    ],
  },
  'secure-transport-deny-missing': {
    fires: [
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        requestParameters: {
          bucketName: 'b',
          bucketPolicy: policy({
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:root' },
            Action: 's3:GetObject',
          }),
        },
      },
    ],
    quiet: [
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        requestParameters: {
          bucketPolicy: policy({
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        },
      },
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'SetQueueAttributes',
        requestParameters: { attributes: { VisibilityTimeout: '30' } },
      },
    ],
  },
  'ingress-open-to-world': {
    fires: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: {
          groupId: 'sg-1',
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 443,
                toPort: 443,
                ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
              },
            ],
          },
        },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifySecurityGroupRules',
        requestParameters: {
          ModifySecurityGroupRulesRequest: {
            SecurityGroupRule: {
              SecurityGroupRule: { CidrIpv6: '::/0', FromPort: 80, ToPort: 80 },
            },
          },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: {
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 443,
                toPort: 443,
                ipRanges: { items: [{ cidrIp: '10.0.0.0/16' }] },
              },
            ],
          },
        },
      },
    ],
  },
  'ssh-or-rdp-port': {
    fires: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: {
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 20,
                toPort: 25,
                ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] },
              },
            ],
          },
        },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: { ipPermissions: { items: [{ ipProtocol: '-1' }] } },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifySecurityGroupRules',
        requestParameters: {
          ModifySecurityGroupRulesRequest: {
            SecurityGroupRule: {
              SecurityGroupRule: {
                IpProtocol: 'tcp',
                FromPort: 3389,
                ToPort: 3389,
              },
            },
          },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: {
          ipPermissions: {
            items: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443 }],
          },
        },
      },
    ],
  },
  'targets-default-security-group': {
    fires: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: { groupName: 'default' },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupEgress',
        requestParameters: { groupId: 'sg-0default' },
      },
    ],
    quiet: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: { groupId: 'sg-0cart' },
      },
    ],
  },
  'instance-has-key-pair': {
    fires: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: {
          instancesSet: { items: [{ imageId: 'ami-1' }] },
          keyName: 'ops-key',
        },
      },
    ],
    quiet: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: { instancesSet: { items: [{ imageId: 'ami-1' }] } },
      },
    ],
  },
  'imds-v1-allowed': {
    fires: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: { metadataOptions: { httpTokens: 'optional' } },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: { instanceType: 't3.micro' },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifyInstanceMetadataOptions',
        requestParameters: {
          ModifyInstanceMetadataOptionsRequest: {
            InstanceId: 'i-1',
            HttpTokens: 'optional',
          },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: { metadataOptions: { httpTokens: 'required' } },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifyInstanceMetadataOptions',
        requestParameters: {
          ModifyInstanceMetadataOptionsRequest: {
            InstanceId: 'i-1',
            HttpPutResponseHopLimit: 2,
          },
        },
      },
    ],
  },
  'public-ip-requested': {
    fires: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: {
          networkInterfaceSet: {
            items: [{ deviceIndex: 0, associatePublicIpAddress: true }],
          },
        },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifySubnetAttribute',
        requestParameters: {
          subnetId: 'subnet-1',
          mapPublicIpOnLaunch: { value: true },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifySubnetAttribute',
        requestParameters: {
          subnetId: 'subnet-1',
          mapPublicIpOnLaunch: { value: false },
        },
      },
    ],
  },
  'route-to-internet-gateway': {
    fires: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateRoute',
        requestParameters: {
          routeTableId: 'rtb-1',
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: 'igw-1',
        },
        targets: [pci],
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateRoute',
        requestParameters: { routeTableId: 'rtb-unknown', gatewayId: 'igw-1' },
        callers: [pci],
      },
    ],
    quiet: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateRoute',
        requestParameters: { gatewayId: 'igw-1' },
        targets: [cart],
        callers: [pci],
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateRoute',
        requestParameters: { natGatewayId: 'nat-1' },
        targets: [pci],
      },
    ],
  },
  'nacl-allows-world': {
    fires: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateNetworkAclEntry',
        requestParameters: {
          networkAclId: 'acl-1',
          egress: false,
          ruleAction: 'allow',
          cidrBlock: '0.0.0.0/0',
        },
      },
    ],
    quiet: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateNetworkAclEntry',
        requestParameters: {
          egress: true,
          ruleAction: 'allow',
          cidrBlock: '0.0.0.0/0',
        },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ReplaceNetworkAclEntry',
        requestParameters: {
          egress: false,
          ruleAction: 'deny',
          cidrBlock: '0.0.0.0/0',
        },
      },
    ],
  },
  'auto-accept-attachments-enabled': {
    fires: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifyTransitGateway',
        requestParameters: {
          ModifyTransitGatewayRequest: {
            TransitGatewayId: 'tgw-1',
            Options: { AutoAcceptSharedAttachments: 'enable' },
          },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifyTransitGateway',
        requestParameters: {
          ModifyTransitGatewayRequest: {
            Options: { AutoAcceptSharedAttachments: 'disable' },
          },
        },
      },
    ],
  },
  'bucket-made-public': {
    fires: [
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        requestParameters: {
          bucketPolicy: policy({
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
          }),
        },
      },
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketAcl',
        requestParameters: { bucketName: 'b', 'x-amz-acl': ['public-read'] },
      },
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketAcl',
        requestParameters: {
          AccessControlPolicy: {
            AccessControlList: {
              Grant: [
                {
                  Grantee: {
                    URI: 'http://acs.amazonaws.com/groups/global/AllUsers',
                  },
                },
              ],
            },
          },
        },
      },
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPublicAccessBlock',
        requestParameters: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: false,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        },
      },
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'DeleteBucketPublicAccessBlock',
        requestParameters: { bucketName: 'b' },
      },
    ],
    quiet: [
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketAcl',
        requestParameters: { bucketName: 'b', 'x-amz-acl': ['private'] },
      },
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPublicAccessBlock',
        requestParameters: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        },
      },
    ],
  },
  'versioning-suspended': {
    fires: [
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketVersioning',
        requestParameters: { VersioningConfiguration: { Status: 'Suspended' } },
      },
    ],
    quiet: [
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketVersioning',
        requestParameters: { VersioningConfiguration: { Status: 'Enabled' } },
      },
    ],
  },
  'object-lock-weakened': {
    fires: [
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutObjectLockConfiguration',
        requestParameters: {
          ObjectLockConfiguration: {
            ObjectLockEnabled: 'Enabled',
            Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
          },
        },
      },
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'DeleteObject',
        requestParameters: { 'x-amz-bypass-governance-retention': 'true' },
      },
    ],
    quiet: [
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutObjectLockConfiguration',
        requestParameters: {
          ObjectLockConfiguration: {
            Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 7 } },
          },
        },
      },
    ],
  },
  'kms-encryption-absent': {
    fires: [
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'CreateQueue',
        requestParameters: { queueName: 'cart-events', attributes: {} },
      },
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'SetQueueAttributes',
        requestParameters: { attributes: { KmsMasterKeyId: '' } },
      },
      {
        eventSource: 'sns.amazonaws.com',
        eventName: 'CreateTopic',
        requestParameters: { name: 't' },
      },
      {
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'CreateTable',
        requestParameters: { tableName: 't' },
      },
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'CreateDBInstance',
        requestParameters: { storageEncrypted: false },
      },
      {
        eventSource: 'elasticache.amazonaws.com',
        eventName: 'CreateReplicationGroup',
        requestParameters: { replicationGroupId: 'r' },
      },
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketEncryption',
        requestParameters: {
          ServerSideEncryptionConfiguration: {
            Rule: {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
            },
          },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'CreateQueue',
        requestParameters: { attributes: { KmsMasterKeyId: 'alias/cart' } },
      },
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'SetQueueAttributes',
        requestParameters: { attributes: { VisibilityTimeout: '30' } },
      },
      {
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'CreateTable',
        requestParameters: {
          sSESpecification: { enabled: true, sSEType: 'KMS' },
        },
      },
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'CreateDBCluster',
        requestParameters: { storageEncrypted: true },
      },
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketEncryption',
        requestParameters: {
          ServerSideEncryptionConfiguration: {
            Rule: {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' },
            },
          },
        },
      },
    ],
  },
  'redrive-policy-removed': {
    fires: [
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'SetQueueAttributes',
        requestParameters: { attributes: { RedrivePolicy: '' } },
      },
    ],
    quiet: [
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'SetQueueAttributes',
        requestParameters: {
          attributes: {
            RedrivePolicy:
              '{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:1:dlq","maxReceiveCount":5}',
          },
        },
      },
    ],
  },
  'queue-not-fifo': {
    fires: [
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'CreateQueue',
        requestParameters: { queueName: 'payment-events' },
        callers: [pci],
      },
    ],
    quiet: [
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'CreateQueue',
        requestParameters: {
          queueName: 'payment-events.fifo',
          attributes: { FifoQueue: 'true' },
        },
        callers: [pci],
      },
      {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'CreateQueue',
        requestParameters: { queueName: 'cart-events' },
        callers: [cart],
      },
    ],
  },
  'pitr-disabled': {
    fires: [
      {
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'UpdateContinuousBackups',
        requestParameters: {
          pointInTimeRecoverySpecification: {
            pointInTimeRecoveryEnabled: false,
          },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'UpdateContinuousBackups',
        requestParameters: {
          pointInTimeRecoverySpecification: {
            pointInTimeRecoveryEnabled: true,
          },
        },
      },
    ],
  },
  'multi-az-disabled': {
    fires: [
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBInstance',
        requestParameters: { multiAZ: false },
      },
    ],
    quiet: [
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBInstance',
        requestParameters: { allocatedStorage: 100 },
      },
    ],
  },
  'deletion-protection-disabled': {
    fires: [
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBCluster',
        requestParameters: { deletionProtection: false },
      },
    ],
    quiet: [
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBCluster',
        requestParameters: { deletionProtection: true },
      },
    ],
  },
  'made-publicly-accessible': {
    fires: [
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBInstance',
        requestParameters: { publiclyAccessible: true },
      },
    ],
    quiet: [
      {
        eventSource: 'redshift.amazonaws.com',
        eventName: 'ModifyCluster',
        requestParameters: { publiclyAccessible: false },
      },
    ],
  },
  'snapshot-shared-publicly': {
    fires: [
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBSnapshotAttribute',
        requestParameters: { attributeName: 'restore', valuesToAdd: ['all'] },
      },
    ],
    quiet: [
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBSnapshotAttribute',
        requestParameters: {
          attributeName: 'restore',
          valuesToAdd: ['222222222222'],
        },
      },
    ],
  },
  'backups-disabled': {
    fires: [
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBInstance',
        requestParameters: { backupRetentionPeriod: 0 },
      },
    ],
    quiet: [
      {
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBInstance',
        requestParameters: { backupRetentionPeriod: 7 },
      },
    ],
  },
  'tls-not-required': {
    fires: [
      {
        eventSource: 'elasticache.amazonaws.com',
        eventName: 'ModifyReplicationGroup',
        requestParameters: { transitEncryptionEnabled: false },
      },
      {
        eventSource: 'elasticache.amazonaws.com',
        eventName: 'ModifyReplicationGroup',
        requestParameters: { transitEncryptionMode: 'preferred' },
      },
    ],
    quiet: [
      {
        eventSource: 'elasticache.amazonaws.com',
        eventName: 'ModifyReplicationGroup',
        requestParameters: { transitEncryptionMode: 'required' },
      },
    ],
  },
  'failover-disabled': {
    fires: [
      {
        eventSource: 'elasticache.amazonaws.com',
        eventName: 'ModifyReplicationGroup',
        requestParameters: { automaticFailoverEnabled: false },
      },
    ],
    quiet: [
      {
        eventSource: 'elasticache.amazonaws.com',
        eventName: 'ModifyReplicationGroup',
        requestParameters: {
          automaticFailoverEnabled: true,
          multiAZEnabled: true,
        },
      },
    ],
  },
  'logging-disabled': {
    fires: [
      {
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'ModifyLoadBalancerAttributes',
        requestParameters: {
          attributes: [{ key: 'access_logs.s3.enabled', value: 'false' }],
        },
      },
      {
        eventSource: 'cloudfront.amazonaws.com',
        eventName: 'UpdateDistribution',
        requestParameters: {
          distributionConfig: { logging: { enabled: false } },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'ModifyLoadBalancerAttributes',
        requestParameters: {
          attributes: [{ key: 'access_logs.s3.enabled', value: 'true' }],
        },
      },
    ],
  },
  'header-validation-disabled': {
    fires: [
      {
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'ModifyLoadBalancerAttributes',
        requestParameters: {
          attributes: [
            {
              key: 'routing.http.drop_invalid_header_fields.enabled',
              value: 'false',
            },
          ],
        },
      },
    ],
    quiet: [
      {
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'ModifyLoadBalancerAttributes',
        requestParameters: {
          attributes: [
            {
              key: 'routing.http.drop_invalid_header_fields.enabled',
              value: 'true',
            },
          ],
        },
      },
    ],
  },
  'plain-http-listener': {
    fires: [
      {
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'CreateListener',
        requestParameters: {
          protocol: 'HTTP',
          port: 80,
          defaultActions: [{ type: 'forward', targetGroupArn: 'tg' }],
        },
      },
    ],
    quiet: [
      {
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'CreateListener',
        requestParameters: {
          protocol: 'HTTP',
          port: 80,
          defaultActions: [
            {
              type: 'redirect',
              redirectConfig: {
                protocol: 'HTTPS',
                port: '443',
                statusCode: 'HTTP_301',
              },
            },
          ],
        },
      },
      {
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'CreateListener',
        requestParameters: { protocol: 'HTTPS', port: 443 },
      },
    ],
  },
  'viewer-allows-http': {
    fires: [
      {
        eventSource: 'cloudfront.amazonaws.com',
        eventName: 'UpdateDistribution',
        requestParameters: {
          distributionConfig: {
            defaultCacheBehavior: { viewerProtocolPolicy: 'allow-all' },
          },
        },
      },
      {
        eventSource: 'cloudfront.amazonaws.com',
        eventName: 'CreateDistribution',
        requestParameters: {
          distributionConfig: {
            defaultCacheBehavior: { viewerProtocolPolicy: 'redirect-to-https' },
            viewerCertificate: { minimumProtocolVersion: 'TLSv1' },
          },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'cloudfront.amazonaws.com',
        eventName: 'UpdateDistribution',
        requestParameters: {
          distributionConfig: {
            defaultCacheBehavior: { viewerProtocolPolicy: 'https-only' },
            viewerCertificate: { minimumProtocolVersion: 'TLSv1.2_2021' },
          },
        },
      },
    ],
  },
  'web-acl-detached': {
    fires: [
      {
        eventSource: 'cloudfront.amazonaws.com',
        eventName: 'UpdateDistribution',
        requestParameters: { distributionConfig: { webACLId: '' } },
      },
    ],
    quiet: [
      {
        eventSource: 'cloudfront.amazonaws.com',
        eventName: 'UpdateDistribution',
        requestParameters: {
          distributionConfig: {
            webACLId: 'arn:aws:wafv2:us-east-1:1:global/webacl/x/1',
          },
        },
      },
    ],
  },
  'web-acl-rules-removed': {
    fires: [
      {
        eventSource: 'wafv2.amazonaws.com',
        eventName: 'UpdateWebACL',
        requestParameters: { name: 'edge', rules: [] },
      },
      {
        eventSource: 'wafv2.amazonaws.com',
        eventName: 'UpdateWebACL',
        requestParameters: {
          rules: [
            {
              name: 'common',
              statement: {
                managedRuleGroupStatement: {
                  name: 'AWSManagedRulesCommonRuleSet',
                },
              },
            },
          ],
        },
      },
    ],
    quiet: [
      {
        eventSource: 'wafv2.amazonaws.com',
        eventName: 'UpdateWebACL',
        requestParameters: {
          rules: [
            {
              name: 'rate',
              statement: { rateBasedStatement: { limit: 2000 } },
            },
          ],
        },
      },
    ],
  },
  'routing-record-without-health-check': {
    fires: [
      {
        eventSource: 'route53.amazonaws.com',
        eventName: 'ChangeResourceRecordSets',
        requestParameters: {
          changeBatch: {
            changes: [
              {
                action: 'UPSERT',
                resourceRecordSet: {
                  name: 'api.example.com',
                  type: 'A',
                  failover: 'PRIMARY',
                  setIdentifier: 'p',
                },
              },
            ],
          },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'route53.amazonaws.com',
        eventName: 'ChangeResourceRecordSets',
        requestParameters: {
          changeBatch: {
            changes: [
              {
                action: 'UPSERT',
                resourceRecordSet: {
                  name: 'api',
                  type: 'A',
                  failover: 'PRIMARY',
                  healthCheckId: 'hc-1',
                },
              },
            ],
          },
        },
      },
      {
        eventSource: 'route53.amazonaws.com',
        eventName: 'ChangeResourceRecordSets',
        requestParameters: {
          changeBatch: {
            changes: [
              {
                action: 'UPSERT',
                resourceRecordSet: { name: 'www', type: 'CNAME' },
              },
            ],
          },
        },
      },
    ],
  },
  'ec2-health-check-only': {
    fires: [
      {
        eventSource: 'autoscaling.amazonaws.com',
        eventName: 'CreateAutoScalingGroup',
        requestParameters: {
          healthCheckType: 'EC2',
          targetGroupARNs: ['arn:tg'],
        },
      },
    ],
    quiet: [
      {
        eventSource: 'autoscaling.amazonaws.com',
        eventName: 'CreateAutoScalingGroup',
        requestParameters: {
          healthCheckType: 'ELB',
          targetGroupARNs: ['arn:tg'],
        },
      },
      {
        eventSource: 'autoscaling.amazonaws.com',
        eventName: 'UpdateAutoScalingGroup',
        requestParameters: { healthCheckType: 'EC2' },
      },
    ],
  },
  'single-availability-zone': {
    fires: [
      {
        eventSource: 'autoscaling.amazonaws.com',
        eventName: 'UpdateAutoScalingGroup',
        requestParameters: { vPCZoneIdentifier: 'subnet-1' },
      },
      {
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'SetSubnets',
        requestParameters: { subnets: ['subnet-1'] },
      },
    ],
    quiet: [
      {
        eventSource: 'autoscaling.amazonaws.com',
        eventName: 'UpdateAutoScalingGroup',
        requestParameters: { vPCZoneIdentifier: 'subnet-1,subnet-2' },
      },
      {
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'SetSubnets',
        requestParameters: { subnets: ['subnet-1', 'subnet-2'] },
      },
    ],
  },
  'trail-weakened': {
    fires: [
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'UpdateTrail',
        requestParameters: { name: 'org', enableLogFileValidation: false },
      },
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'UpdateTrail',
        requestParameters: { name: 'org', kmsKeyId: '' },
      },
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'PutEventSelectors',
        requestParameters: {
          eventSelectors: [
            { readWriteType: 'ReadOnly', includeManagementEvents: true },
          ],
        },
      },
    ],
    quiet: [
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'UpdateTrail',
        requestParameters: {
          name: 'org',
          isMultiRegionTrail: true,
          enableLogFileValidation: true,
        },
      },
    ],
  },
  'retention-below-minimum': {
    fires: [
      {
        eventSource: 'logs.amazonaws.com',
        eventName: 'PutRetentionPolicy',
        requestParameters: { logGroupName: 'g', retentionInDays: 30 },
      },
    ],
    quiet: [
      {
        eventSource: 'logs.amazonaws.com',
        eventName: 'PutRetentionPolicy',
        requestParameters: { logGroupName: 'g', retentionInDays: 400 },
      },
    ],
  },
  'detector-disabled': {
    fires: [
      {
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'UpdateDetector',
        requestParameters: { detectorId: 'd', enable: false },
      },
    ],
    quiet: [
      {
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'UpdateDetector',
        requestParameters: {
          detectorId: 'd',
          findingPublishingFrequency: 'SIX_HOURS',
        },
      },
    ],
  },
  'pbc-tag-removed': {
    fires: [
      {
        eventSource: 'tagging.amazonaws.com',
        eventName: 'UntagResources',
        requestParameters: {
          resourceARNList: ['arn:aws:sqs:eu-west-1:1:q'],
          tagKeys: ['pbc'],
        },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DeleteTags',
        requestParameters: {
          resourcesSet: { items: [{ resourceId: 'i-1' }] },
          tagSet: { items: [{ key: 'pbc' }] },
        },
      },
    ],
    quiet: [
      {
        eventSource: 'tagging.amazonaws.com',
        eventName: 'UntagResources',
        requestParameters: { tagKeys: ['cost-center'] },
      },
    ],
  },
  'outside-approved-regions': {
    fires: [
      {
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'CreateTable',
        record: { awsRegion: 'us-east-1' },
      },
    ],
    quiet: [
      {
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'CreateTable',
        record: { awsRegion: 'eu-west-1' },
      },
      {
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'CreateTable',
        record: { awsRegion: 'us-east-1' },
        config: { approvedRegions: undefined },
      },
    ],
  },
  'pci-resource-from-non-pci-principal': {
    fires: [
      {
        eventSource: 'kms.amazonaws.com',
        eventName: 'Decrypt',
        targets: [pci],
        callers: [cart],
      },
    ],
    quiet: [
      {
        eventSource: 'kms.amazonaws.com',
        eventName: 'Decrypt',
        targets: [pci],
        callers: [pci],
      },
      {
        eventSource: 'kms.amazonaws.com',
        eventName: 'Decrypt',
        targets: [cart],
        callers: [cart],
      },
    ],
  },
  'erasure-subscription-removed': {
    fires: [
      {
        eventSource: 'sns.amazonaws.com',
        eventName: 'Unsubscribe',
        requestParameters: {
          subscriptionArn:
            'arn:aws:sns:eu-west-1:111111111111:customer-erasure:0b7c5e5a-1',
        },
      },
      {
        eventSource: 'sns.amazonaws.com',
        eventName: 'DeleteTopic',
        requestParameters: {
          topicArn: 'arn:aws:sns:eu-west-1:111111111111:customer-erasure',
        },
      },
    ],
    quiet: [
      {
        eventSource: 'sns.amazonaws.com',
        eventName: 'Unsubscribe',
        requestParameters: {
          subscriptionArn:
            'arn:aws:sns:eu-west-1:111111111111:order-placed:0b7c',
        },
      },
    ],
  },
};

function context(c: Case): PredicateContext {
  const record: Record<string, unknown> = { ...(c.record ?? {}) };
  if (c.requestParameters) record.requestParameters = c.requestParameters;
  return {
    eventSource: c.eventSource,
    eventName: c.eventName,
    record,
    callerPbcs: c.callers ?? [],
    targetPbcs: c.targets ?? [],
    risk: { ...risk, ...c.config },
  };
}

describe('RISK_PREDICATES', () => {
  it('implements and tests every predicate of the controls catalog', () => {
    const predicates = Object.keys(RISK_PREDICATE_DESCRIPTIONS).sort();
    expect(Object.keys(RISK_PREDICATES).sort()).toEqual(predicates);
    for (const predicate of predicates as RiskPredicate[]) {
      expect(CASES[predicate].fires.length).toBeGreaterThan(0);
      expect(CASES[predicate].quiet.length).toBeGreaterThan(0);
    }
  });

  describe.each(Object.keys(CASES) as RiskPredicate[])('%s', predicate => {
    it.each(CASES[predicate].fires.map((c, i) => [i, c] as const))(
      'fires on case %i',
      (_i, c) => {
        expect(RISK_PREDICATES[predicate](context(c))).toBe(true);
      },
    );
    it.each(CASES[predicate].quiet.map((c, i) => [i, c] as const))(
      'stays quiet on case %i',
      (_i, c) => {
        expect(RISK_PREDICATES[predicate](context(c))).toBe(false);
      },
    );
  });

  it('does not throw on records without request parameters', () => {
    for (const predicate of Object.values(RISK_PREDICATES)) {
      expect(() =>
        predicate(
          context({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'RunInstances',
            record: { requestParameters: null },
          }),
        ),
      ).not.toThrow();
    }
  });
});
