import { PLATFORM_EXPORTS, PLATFORM_NAMES } from '@pbc-portal/pbc-domain';

/**
 * A stand-in for the platform stack while templates/platform is being written: the exports PBC
 * stacks import, a VPC with two tiers of two subnets, the security groups, the alarm topic and
 * a permissions boundary for the names the patterns generate. The proofs take the platform
 * template as input, so the real one replaces this without changing them.
 */
export function platformStandInTemplate(options: {
  /** IAM is global: only one Region's platform stack of an account creates the boundary. */
  withGlobalResources: boolean;
}): Record<string, unknown> {
  const subnet = (cidr: string, az: number) => ({
    Type: 'AWS::EC2::Subnet',
    Properties: {
      VpcId: { Ref: 'Vpc' },
      CidrBlock: cidr,
      AvailabilityZone: { 'Fn::Select': [az, { 'Fn::GetAZs': '' }] },
    },
  });
  const sg = (description: string) => ({
    Type: 'AWS::EC2::SecurityGroup',
    Properties: { GroupDescription: description, VpcId: { Ref: 'Vpc' } },
  });
  const own = (service: string, resource: string) =>
    `arn:aws:${service}:*:*:${resource}`;
  const boundary = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnMessaging',
        Effect: 'Allow',
        Action: [
          'sns:Publish',
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
        ],
        Resource: [
          own('sns', 'pbc-${aws:PrincipalTag/pbc}_*'),
          own('sqs', 'pbc-${aws:PrincipalTag/pbc}_*'),
        ],
      },
      {
        Sid: 'OwnTable',
        Effect: 'Allow',
        Action: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:Query',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DescribeTable',
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
        ],
        Resource: own('dynamodb', 'table/pbc-${aws:PrincipalTag/pbc}'),
      },
      {
        Sid: 'OwnKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:ResourceTag/pbc': '${aws:PrincipalTag/pbc}' },
        },
      },
      {
        Sid: 'OwnDatabaseUser',
        Effect: 'Allow',
        Action: 'rds-db:connect',
        Resource: 'arn:aws:rds-db:*:*:dbuser:*/${aws:PrincipalTag/pbc}',
      },
      {
        Sid: 'NoRetagging',
        Effect: 'Deny',
        Action: ['iam:TagRole', 'iam:UntagRole'],
        Resource: '*',
      },
    ],
  };
  const exportOf = (name: string, value: unknown) => ({
    Value: value,
    Export: { Name: name },
  });
  const join = (...ids: string[]) => ({
    'Fn::Join': [',', ids.map(id => ({ Ref: id }))],
  });
  return {
    Description: 'Stand-in platform for the proofs',
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Private1: subnet('10.0.1.0/24', 0),
      Private2: subnet('10.0.2.0/24', 1),
      Payment1: subnet('10.0.11.0/24', 0),
      Payment2: subnet('10.0.12.0/24', 1),
      AlbSg: sg('shared ALB'),
      EndpointsSg: sg('interface endpoints'),
      PaymentEndpointsSg: sg('payment interface endpoints'),
      AlarmTopic: {
        Type: 'AWS::SNS::Topic',
        Properties: { TopicName: 'platform-alarms' },
      },
      ...(options.withGlobalResources
        ? {
            Boundary: {
              Type: 'AWS::IAM::ManagedPolicy',
              Properties: {
                ManagedPolicyName: PLATFORM_NAMES.permissionsBoundaryPolicy,
                PolicyDocument: boundary,
              },
            },
          }
        : {}),
    },
    Outputs: {
      VpcId: exportOf(PLATFORM_EXPORTS.vpcId, { Ref: 'Vpc' }),
      Private: exportOf(PLATFORM_EXPORTS.privateSubnetIds, join('Private1', 'Private2')),
      Payment: exportOf(PLATFORM_EXPORTS.paymentSubnetIds, join('Payment1', 'Payment2')),
      Azs: exportOf(PLATFORM_EXPORTS.availabilityZones, {
        'Fn::Join': [',', [{ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }]],
      }),
      Alb: exportOf(PLATFORM_EXPORTS.albSecurityGroupId, { Ref: 'AlbSg' }),
      Endpoints: exportOf(PLATFORM_EXPORTS.endpointsSecurityGroupId, { Ref: 'EndpointsSg' }),
      PaymentEndpoints: exportOf(PLATFORM_EXPORTS.paymentEndpointsSecurityGroupId, {
        Ref: 'PaymentEndpointsSg',
      }),
      S3: exportOf(PLATFORM_EXPORTS.s3PrefixListId, 'pl-s3standin'),
      Dynamo: exportOf(PLATFORM_EXPORTS.dynamodbPrefixListId, 'pl-ddbstandin'),
      Alarms: exportOf(PLATFORM_EXPORTS.alarmTopicArn, { Ref: 'AlarmTopic' }),
    },
  };
}
