import { RiskConfig } from '../config';
import { TaggedResource, TrailEvent } from '../aws/types';
import { AccountAttributionIndex, classifyEvent } from './events';
import { pbcTarget } from '../__testUtils__/testTargets';

const risk: RiskConfig = {
  minLogRetentionDays: 365,
  erasureTopicNames: ['customer-erasure'],
  defaultSecurityGroupIds: [],
};
const target = { accountId: '111111111111', region: 'eu-west-1' };
const cart = pbcTarget('cart');
const payment = pbcTarget('payment', { pci: true });
const resources: TaggedResource[] = [
  {
    ...target,
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: 'sg-0cart',
    resourceName: 'cart-sg',
    arn: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0cart',
    pbc: 'cart',
  },
  {
    ...target,
    resourceType: 'AWS::EC2::RouteTable',
    resourceId: 'rtb-0pay',
    pbc: 'payment',
  },
  {
    ...target,
    resourceType: 'AWS::EC2::RouteTable',
    resourceId: 'rtb-0cart',
    pbc: 'cart',
  },
  // Same name in two PBCs: says nothing.
  {
    ...target,
    resourceType: 'AWS::SQS::Queue',
    resourceId: 'q1',
    resourceName: 'events',
    pbc: 'cart',
  },
  {
    ...target,
    resourceType: 'AWS::SQS::Queue',
    resourceId: 'q2',
    resourceName: 'events',
    pbc: 'payment',
  },
];
const index = new AccountAttributionIndex([cart, payment], resources);

function event(
  eventSource: string,
  eventName: string,
  record: Record<string, unknown>,
  extra: Partial<TrailEvent> = {},
): TrailEvent {
  return {
    eventId: `id-${eventName}`,
    eventTime: new Date('2025-11-20T10:00:00Z'),
    eventName,
    eventSource,
    resources: [],
    cloudTrailEvent: JSON.stringify({
      eventSource,
      eventName,
      awsRegion: 'eu-west-1',
      ...record,
    }),
    ...extra,
  };
}

describe('classifyEvent', () => {
  it('flags a security group opened to the world and attributes it by group id', () => {
    const result = classifyEvent(
      event('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111111111111:assumed-role/ops/jane',
        },
        sourceIPAddress: '198.51.100.7',
        requestParameters: {
          groupId: 'sg-0cart',
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 22,
                toPort: 22,
                ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
              },
            ],
          },
        },
      }),
      target,
      index,
      risk,
    );
    expect(result).toMatchObject({
      pbcs: ['component:default/cart'],
      principal: 'arn:aws:sts::111111111111:assumed-role/ops/jane',
      sourceIpAddress: '198.51.100.7',
      severity: 'high',
    });
    expect(result!.reasons.map(r => r.controlId).sort()).toEqual([
      'PBC-NET-01',
      'PBC-NET-03',
    ]);
  });

  it('attributes by the caller role pbc-<name>-role', () => {
    const result = classifyEvent(
      event('iam.amazonaws.com', 'PutRolePolicy', {
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111111111111:assumed-role/pbc-payment-role/deploy',
          sessionContext: {
            sessionIssuer: { type: 'Role', userName: 'pbc-payment-role' },
          },
        },
        requestParameters: {
          roleName: 'pbc-payment-role',
          policyDocument: JSON.stringify({
            Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
          }),
        },
      }),
      target,
      index,
      risk,
    );
    expect(result?.pbcs).toEqual(['component:default/payment']);
    expect(result?.reasons.map(r => r.controlId)).toEqual(['PBC-IAM-01']);
  });

  it('limits pci controls to events that involve a pci PBC', () => {
    const route = (routeTableId: string) =>
      classifyEvent(
        event('ec2.amazonaws.com', 'CreateRoute', {
          userIdentity: {
            type: 'IAMUser',
            arn: 'arn:aws:iam::111111111111:user/ops',
          },
          requestParameters: {
            routeTableId,
            destinationCidrBlock: '0.0.0.0/0',
            gatewayId: 'igw-1',
          },
        }),
        target,
        index,
        risk,
      );
    expect(route('rtb-0pay')?.reasons.map(r => r.controlId)).toEqual([
      'PBC-NET-06',
    ]);
    expect(route('rtb-0cart')).toBeUndefined();
  });

  it('ignores ambiguous names and unknown events', () => {
    const quiet = classifyEvent(
      event('sqs.amazonaws.com', 'SetQueueAttributes', {
        userIdentity: { type: 'IAMUser' },
        requestParameters: {
          queueUrl: 'events',
          attributes: { RedrivePolicy: '' },
        },
      }),
      target,
      index,
      risk,
    );
    expect(quiet?.reasons.map(r => r.controlId)).toEqual(['PBC-MSG-01']);
    expect(quiet?.pbcs).toEqual([]);
    expect(
      classifyEvent(
        event('s3.amazonaws.com', 'PutObject', {
          userIdentity: { type: 'IAMUser' },
        }),
        target,
        index,
        risk,
      ),
    ).toBeUndefined();
  });

  it('flags activity outside the approved Regions only when they are configured', () => {
    const e = event('dynamodb.amazonaws.com', 'CreateTable', {
      userIdentity: { type: 'IAMUser' },
      awsRegion: 'us-east-1',
      requestParameters: {
        tableName: 't',
        sSESpecification: { enabled: true },
      },
    });
    const usEast = { accountId: '111111111111', region: 'us-east-1' };
    expect(classifyEvent(e, usEast, index, risk)).toBeUndefined();
    expect(
      classifyEvent(e, usEast, index, {
        ...risk,
        approvedRegions: ['eu-west-1'],
      })?.reasons.map(r => r.controlId),
    ).toEqual(['PBC-GOV-06']);
  });

  it('flags root activity and survives a record that is not JSON', () => {
    const result = classifyEvent(
      event('iam.amazonaws.com', 'DeleteVirtualMFADevice', {
        userIdentity: { type: 'Root' },
      }),
      target,
      index,
      risk,
    );
    expect(result?.reasons.map(r => r.controlId).sort()).toEqual([
      'PBC-IAM-08',
      'PBC-IAM-09',
      'PBC-IAM-10',
    ]);
    const broken = classifyEvent(
      {
        ...event('iam.amazonaws.com', 'DeleteVirtualMFADevice', {}),
        cloudTrailEvent: '{oops',
      },
      target,
      index,
      risk,
    );
    // Without the record, only the predicate-free signal fires.
    expect(broken?.reasons.map(r => r.controlId)).toEqual(['PBC-IAM-08']);
  });
});
