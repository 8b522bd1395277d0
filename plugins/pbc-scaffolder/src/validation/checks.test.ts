import { getControl } from '@pbc-portal/pbc-domain';
import { spec } from '../__testUtils__/specs';
import { renderInfrastructure } from '../patterns';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { PatternViolation, checkReferencePatterns } from './checks';
import { CheckContext } from './checks/context';

// cfn-lint and CDK synthesis are CPU-bound; on a shared two-core machine they can take long.
jest.setTimeout(120_000);

type Template = {
  Resources: Record<
    string,
    { Type: string; Properties: any; DeletionPolicy?: string }
  >;
} & Record<string, any>;

const payment = spec('payment with PCI scope (Aurora, public)');
const cart = spec('DynamoDB, public');
const inventory = spec('several events each way');

const rendered = new Map<string, Template>();
function templateOf(s: PbcSpec): Template {
  if (!rendered.has(s.name)) {
    rendered.set(s.name, renderInfrastructure(s).template as Template);
  }
  return structuredClone(rendered.get(s.name)!);
}

/** The first resource of a type, or the one `pick` chooses. */
function first(
  t: Template,
  type: string,
  pick: (p: any) => boolean = () => true,
) {
  const found = Object.entries(t.Resources).find(
    ([, r]) => r.Type === type && pick(r.Properties),
  );
  if (!found) {
    throw new Error(`no ${type} in the template`);
  }
  return { id: found[0], resource: found[1], p: found[1].Properties };
}

const controls = (violations: PatternViolation[]) =>
  violations.map(v => v.controlId);

function violationsAfter(
  s: PbcSpec,
  change: (t: Template) => void,
): PatternViolation[] {
  const t = templateOf(s);
  change(t);
  return checkReferencePatterns(s, t);
}

function subscriptionViolationsAfter(
  s: PbcSpec,
  change: (t: Template) => void,
): PatternViolation[] {
  const r = renderInfrastructure(s);
  const t = structuredClone(r.subscriptions!.template) as Template;
  change(t);
  return checkReferencePatterns(s, r.template, t);
}

describe('checkReferencePatterns', () => {
  it.each([
    ['PCI, Aurora', payment],
    ['DynamoDB', cart],
    ['internal, several events', inventory],
  ])('finds nothing in a rendered template (%s)', (_label, s) => {
    expect(checkReferencePatterns(s, templateOf(s))).toEqual([]);
  });

  it('reports only control ids of the catalog', () => {
    const violations = checkReferencePatterns(payment, { Resources: {} });
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) {
      expect(() => getControl(v.controlId)).not.toThrow();
    }
  });

  it('takes control ids as ControlId, so an id outside the catalog does not compile', () => {
    const ctx = new CheckContext(cart, { Resources: {} });
    // `yarn tsc` fails here if ControlId widens to string (unused directive).
    // @ts-expect-error PBC-IAM-99 is not in the catalog
    ctx.add('PBC-IAM-99', 'no such control');
    ctx.add('PBC-IAM-01', 'a control of the catalog');
    expect(controls(ctx.violations)).toEqual(['PBC-IAM-99', 'PBC-IAM-01']);
  });

  it('catches a template rendered for another spec', () => {
    const violations = checkReferencePatterns(cart, templateOf(inventory));
    expect(controls(violations)).toEqual(
      expect.arrayContaining(['PBC-IAM-01', 'PBC-GOV-02', 'PBC-GOV-03']),
    );
  });

  describe('identity', () => {
    it('catches a wildcard action, and * as administrator access', () => {
      const violations = violationsAfter(cart, t => {
        const { p } = first(t, 'AWS::IAM::ManagedPolicy');
        p.PolicyDocument.Statement[0].Action = ['kms:ReEncrypt*'];
        p.PolicyDocument.Statement[1].Action = '*';
      });
      expect(violations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            controlId: 'PBC-IAM-01',
            message: 'wildcard action kms:ReEncrypt*',
          }),
          expect.objectContaining({ controlId: 'PBC-IAM-02' }),
        ]),
      );
    });

    it('catches a wildcard resource', () => {
      const violations = violationsAfter(cart, t => {
        first(
          t,
          'AWS::IAM::ManagedPolicy',
        ).p.PolicyDocument.Statement[0].Resource = '*';
      });
      expect(violations).toContainEqual(
        expect.objectContaining({
          controlId: 'PBC-IAM-01',
          message: 'wildcard resource *',
        }),
      );
    });

    it('catches a role without the permissions boundary', () => {
      const violations = violationsAfter(cart, t => {
        delete first(t, 'AWS::IAM::Role').p.PermissionsBoundary;
      });
      expect(controls(violations)).toEqual(['PBC-IAM-04']);
    });

    it('catches an AWS managed policy and an inline policy', () => {
      const violations = violationsAfter(cart, t => {
        const { p } = first(t, 'AWS::IAM::Role');
        p.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AmazonSQSFullAccess'];
        p.Policies = [
          {
            PolicyName: 'x',
            PolicyDocument: {
              Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
            },
          },
        ];
      });
      expect(controls(violations)).toEqual(
        expect.arrayContaining(['PBC-IAM-03', 'PBC-IAM-01']),
      );
    });

    it('catches a second role and an IAM user', () => {
      const violations = violationsAfter(cart, t => {
        const role = first(t, 'AWS::IAM::Role').resource;
        t.Resources.Other = structuredClone(role);
        t.Resources.User = { Type: 'AWS::IAM::User', Properties: {} };
      });
      expect(controls(violations)).toEqual(
        expect.arrayContaining(['PBC-IAM-01', 'PBC-IAM-05']),
      );
    });

    it('catches a resource policy open to any principal', () => {
      const violations = violationsAfter(cart, t => {
        first(t, 'AWS::SQS::QueuePolicy').p.PolicyDocument.Statement.push({
          Effect: 'Allow',
          Principal: '*',
          Action: 'sqs:SendMessage',
          Resource: '*',
        });
      });
      expect(controls(violations)).toContain('PBC-IAM-13');
    });

    it('catches a database password in the template', () => {
      const violations = violationsAfter(payment, t => {
        const { p } = first(t, 'AWS::RDS::DBCluster');
        delete p.ManageMasterUserPassword;
        p.MasterUserPassword = 'hunter2hunter2';
      });
      expect(controls(violations)).toContain('PBC-IAM-06');
    });
  });

  describe('network', () => {
    it('catches ingress from 0.0.0.0/0 and on SSH', () => {
      const violations = violationsAfter(cart, t => {
        first(t, 'AWS::EC2::SecurityGroup').p.SecurityGroupIngress.push({
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          CidrIp: '0.0.0.0/0',
        });
      });
      expect(controls(violations)).toEqual(
        expect.arrayContaining(['PBC-NET-03', 'PBC-NET-01']),
      );
    });

    it('catches ingress into an internal PBC', () => {
      const violations = violationsAfter(inventory, t => {
        first(t, 'AWS::EC2::SecurityGroup').p.SecurityGroupIngress = [
          {
            IpProtocol: 'tcp',
            FromPort: 8080,
            ToPort: 8080,
            SourceSecurityGroupId: {
              'Fn::ImportValue': 'platform-alb-security-group-id',
            },
          },
        ];
      });
      expect(violations).toContainEqual(
        expect.objectContaining({
          controlId: 'PBC-NET-03',
          message: 'an internal PBC admits no inbound traffic',
        }),
      );
    });

    it('catches egress to the internet, and a group with no egress rule', () => {
      const open = violationsAfter(cart, t => {
        first(t, 'AWS::EC2::SecurityGroup').p.SecurityGroupEgress.push({
          IpProtocol: '-1',
          CidrIp: '0.0.0.0/0',
        });
      });
      expect(controls(open)).toEqual(['PBC-NET-07']);
      const none = violationsAfter(cart, t => {
        delete first(t, 'AWS::EC2::SecurityGroup').p.SecurityGroupEgress;
      });
      expect(controls(none)).toEqual(['PBC-NET-07']);
    });

    it('catches a database reachable from outside the PBC', () => {
      const violations = violationsAfter(payment, t => {
        first(t, 'AWS::EC2::SecurityGroupIngress').p.SourceSecurityGroupId = {
          'Fn::ImportValue': 'platform-alb-security-group-id',
        };
      });
      expect(controls(violations)).toContain('PBC-DATA-06');
    });

    it('catches a payment PBC put in the private subnets', () => {
      const violations = violationsAfter(payment, t => {
        const { p } = first(t, 'AWS::RDS::DBSubnetGroup');
        p.SubnetIds = {
          'Fn::Split': [
            ',',
            { 'Fn::ImportValue': 'platform-private-subnet-ids' },
          ],
        };
        t.Outputs.SubnetsExport.Value = 'platform-private-subnet-ids';
      });
      expect(
        violations.filter(v => v.controlId === 'PBC-NET-06').length,
      ).toBeGreaterThanOrEqual(3);
    });

    it('catches a non-PCI PBC in the payment subnets', () => {
      const violations = violationsAfter(cart, t => {
        t.Outputs.SubnetsExport.Value = 'platform-payment-subnet-ids';
      });
      expect(controls(violations)).toContain('PBC-NET-06');
    });

    it('catches a payment task without its endpoint variables, or pointed elsewhere', () => {
      const definition = (t: Template) =>
        first(t, 'AWS::ECS::TaskDefinition').p.ContainerDefinitions[0];
      const without = violationsAfter(payment, t => {
        const container = definition(t);
        container.Environment = container.Environment.filter(
          (e: any) => e.Name !== 'AWS_ENDPOINT_URL_SQS',
        );
      });
      expect(without).toEqual([
        expect.objectContaining({
          controlId: 'PBC-NET-07',
          message: expect.stringContaining('AWS_ENDPOINT_URL_SQS'),
        }),
      ]);
      const elsewhere = violationsAfter(payment, t => {
        const sns = definition(t).Environment.find(
          (e: any) => e.Name === 'AWS_ENDPOINT_URL_SNS',
        );
        sns.Value['Fn::Join'][1][1]['Fn::ImportValue'] =
          'platform-payment-endpoint-sqs-dns';
      });
      expect(controls(elsewhere)).toEqual(['PBC-NET-07']);
      // Other PBCs resolve the shared endpoints by private DNS: nothing to set.
      expect(violationsAfter(cart, () => {})).toEqual([]);
    });

    it('catches a route to the internet in a payment stack', () => {
      const violations = violationsAfter(payment, t => {
        t.Resources.Route = {
          Type: 'AWS::EC2::Route',
          Properties: {
            RouteTableId: 'rtb-1',
            DestinationCidrBlock: '0.0.0.0/0',
            GatewayId: 'igw-1',
          },
        };
      });
      expect(violations).toContainEqual(
        expect.objectContaining({ controlId: 'PBC-NET-06', resource: 'Route' }),
      );
    });
  });

  describe('messaging', () => {
    it('catches a queue without its dead-letter queue', () => {
      const violations = violationsAfter(cart, t => {
        delete first(t, 'AWS::SQS::Queue', p => p.RedrivePolicy).p
          .RedrivePolicy;
      });
      expect(controls(violations)).toContain('PBC-MSG-01');
    });

    it('catches an unbounded maxReceiveCount and a short DLQ retention', () => {
      const violations = violationsAfter(cart, t => {
        first(
          t,
          'AWS::SQS::Queue',
          p => p.RedrivePolicy,
        ).p.RedrivePolicy.maxReceiveCount = 1000;
        first(
          t,
          'AWS::SQS::Queue',
          p => !p.RedrivePolicy,
        ).p.MessageRetentionPeriod = 60;
      });
      expect(violations.filter(v => v.controlId === 'PBC-MSG-01')).toHaveLength(
        2,
      );
    });

    it('catches a queue or topic without the PBC key', () => {
      const violations = violationsAfter(cart, t => {
        first(t, 'AWS::SQS::Queue').p.KmsMasterKeyId = 'alias/aws/sqs';
        delete first(t, 'AWS::SNS::Topic').p.KmsMasterKeyId;
      });
      expect(controls(violations)).toEqual(
        expect.arrayContaining(['PBC-MSG-02', 'PBC-MSG-04']),
      );
    });

    it('catches queues and topics that accept requests without TLS', () => {
      const violations = violationsAfter(cart, t => {
        for (const type of ['AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
          const { p } = first(t, type);
          p.PolicyDocument.Statement = p.PolicyDocument.Statement.filter(
            (s: any) => s.Effect !== 'Deny',
          );
        }
      });
      expect(controls(violations)).toEqual(
        expect.arrayContaining(['PBC-MSG-03', 'PBC-MSG-05']),
      );
    });

    it('catches a dead-letter queue without its alarm, and an alarm without action', () => {
      const missing = violationsAfter(cart, t => {
        delete t.Resources[
          first(
            t,
            'AWS::CloudWatch::Alarm',
            p => p.MetricName === 'ApproximateNumberOfMessagesVisible',
          ).id
        ];
      });
      expect(controls(missing)).toEqual(['PBC-MSG-06']);
      const silent = violationsAfter(cart, t => {
        first(t, 'AWS::CloudWatch::Alarm').p.AlarmActions = [];
      });
      expect(controls(silent)).toEqual(['PBC-OBS-05']);
    });

    it('catches standard queues and topics in a PCI-scoped PBC', () => {
      const violations = violationsAfter(payment, t => {
        delete first(t, 'AWS::SQS::Queue').p.FifoQueue;
        delete first(t, 'AWS::SNS::Topic').p.FifoTopic;
      });
      expect(violations.filter(v => v.controlId === 'PBC-MSG-07')).toHaveLength(
        2,
      );
    });

    it('catches a short visibility timeout', () => {
      const violations = violationsAfter(cart, t => {
        first(
          t,
          'AWS::SQS::Queue',
          p => p.RedrivePolicy,
        ).p.VisibilityTimeout = 30;
      });
      expect(controls(violations)).toEqual(['PBC-MSG-08']);
    });

    it('catches a missing topic and an extra topic', () => {
      const violations = violationsAfter(inventory, t => {
        first(t, 'AWS::SNS::Topic').p.TopicName =
          'pbc-inventory-something-else';
      });
      expect(violations.filter(v => v.controlId === 'PBC-GOV-03')).toHaveLength(
        2,
      );
    });

    it('catches a queue subscribed elsewhere, and a subscription without raw delivery', () => {
      const elsewhere = subscriptionViolationsAfter(inventory, t => {
        first(t, 'AWS::SNS::Subscription').p.TopicArn =
          'arn:aws:sns:eu-west-1:123456789012:pbc-other_event';
      });
      // The consumed event has no subscription, and the one found consumes nothing.
      expect(controls(elsewhere)).toEqual(['PBC-GOV-03', 'PBC-GOV-03']);
      const wrapped = subscriptionViolationsAfter(inventory, t => {
        first(t, 'AWS::SNS::Subscription').p.RawMessageDelivery = false;
      });
      expect(controls(wrapped)).toEqual(['PBC-GOV-03']);
    });

    it('holds a cross-account subscription in the Region to its DLQ, and a cross-Region one to none', () => {
      const inRegion = {
        checkout: {
          awsAccountId: '333333333333',
          awsRegion: payment.awsRegion,
          pciScope: false,
        },
      };
      const r = renderInfrastructure(payment, { producers: inRegion });
      const subs = structuredClone(r.subscriptions!.template) as Template;
      expect(
        first(subs, 'AWS::SNS::Subscription').p.RedrivePolicy,
      ).toBeDefined();
      expect(checkReferencePatterns(payment, r.template, subs)).toEqual([]);
      delete first(subs, 'AWS::SNS::Subscription').p.RedrivePolicy;
      expect(
        controls(checkReferencePatterns(payment, r.template, subs)),
      ).toEqual(['PBC-GOV-03']);

      const otherRegion = {
        checkout: { ...inRegion.checkout, awsRegion: 'us-east-1' },
      };
      const far = renderInfrastructure(payment, { producers: otherRegion });
      const farSubs = structuredClone(far.subscriptions!.template) as Template;
      expect(checkReferencePatterns(payment, far.template, farSubs)).toEqual(
        [],
      );
      first(farSubs, 'AWS::SNS::Subscription').p.RedrivePolicy = {
        deadLetterTargetArn:
          'arn:aws:sqs:eu-west-1:123456789012:pbc-payment_checkout_checkout-completed_dlq',
      };
      expect(
        controls(checkReferencePatterns(payment, far.template, farSubs)),
      ).toEqual(['PBC-GOV-03']);
    });

    it('holds a PCI consumer of a standard topic to a standard queue, and the reverse', () => {
      const producers = {
        checkout: {
          awsAccountId: '333333333333',
          awsRegion: 'us-east-1',
          pciScope: false,
        },
      };
      const r = renderInfrastructure(payment, { producers });
      expect(
        checkReferencePatterns(payment, r.template, r.subscriptions!.template),
      ).toEqual([]);
      const t = structuredClone(r.template) as Template;
      const queue = first(t, 'AWS::SQS::Queue', p => p.RedrivePolicy);
      queue.p.FifoQueue = true;
      queue.p.ContentBasedDeduplication = true;
      expect(controls(checkReferencePatterns(payment, t))).toEqual([
        'PBC-MSG-07',
      ]);
    });

    it('catches a queue policy that names the consumer’s own account instead of the producer’s', () => {
      const producers = {
        checkout: {
          awsAccountId: '333333333333',
          awsRegion: 'us-east-1',
          pciScope: true,
        },
      };
      const r = renderInfrastructure(payment, { producers });
      const t = structuredClone(r.template) as Template;
      const statement = first(t, 'AWS::SQS::QueuePolicy', p =>
        p.PolicyDocument.Statement.some((s: any) => s.Effect === 'Allow'),
      ).p.PolicyDocument.Statement[1];
      statement.Condition.ArnEquals['aws:SourceArn'] =
        statement.Condition.ArnEquals['aws:SourceArn']
          .replace('333333333333', '123456789012')
          .replace('us-east-1', 'eu-west-1');
      expect(controls(checkReferencePatterns(payment, t))).toEqual([
        'PBC-IAM-13',
      ]);
    });

    it('catches a queue another topic may send to', () => {
      const violations = violationsAfter(cart, t => {
        const statement = first(t, 'AWS::SQS::QueuePolicy', p =>
          p.PolicyDocument.Statement.some((s: any) => s.Effect === 'Allow'),
        ).p.PolicyDocument.Statement[1];
        statement.Condition.ArnEquals['aws:SourceArn'] =
          'arn:aws:sns:us-east-1:123456789012:pbc-other-event';
      });
      expect(controls(violations)).toContain('PBC-IAM-13');
    });
  });

  describe('data', () => {
    it('catches a table without PITR, customer-managed key or deletion protection', () => {
      const violations = violationsAfter(cart, t => {
        const { p, resource } = first(t, 'AWS::DynamoDB::Table');
        p.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled = false;
        p.SSESpecification = { SSEEnabled: true };
        p.DeletionProtectionEnabled = false;
        delete resource.DeletionPolicy;
      });
      expect(controls(violations)).toEqual([
        'PBC-DATA-01',
        'PBC-DATA-02',
        'PBC-DATA-05',
      ]);
    });

    it('catches a cluster in one AZ, unencrypted, unprotected, public, without backups or IAM auth', () => {
      const violations = violationsAfter(payment, t => {
        const { p } = first(t, 'AWS::RDS::DBCluster');
        p.StorageEncrypted = false;
        p.DeletionProtection = false;
        p.BackupRetentionPeriod = 1;
        p.EnableIAMDatabaseAuthentication = false;
        const reader = first(
          t,
          'AWS::RDS::DBInstance',
          i => i.PromotionTier === 1,
        ).p;
        reader.AvailabilityZone = first(
          t,
          'AWS::RDS::DBInstance',
        ).p.AvailabilityZone;
        reader.PubliclyAccessible = true;
      });
      expect(controls(violations)).toEqual(
        expect.arrayContaining([
          'PBC-DATA-03',
          'PBC-DATA-04',
          'PBC-DATA-05',
          'PBC-DATA-06',
          'PBC-DATA-07',
          'PBC-IAM-06',
        ]),
      );
    });

    it('catches a data store the spec did not ask for', () => {
      const violations = checkReferencePatterns(
        { ...cart, dataStore: 'none' },
        templateOf(cart),
      );
      expect(controls(violations)).toContain('PBC-GOV-03');
    });

    it('catches a key without rotation or retention', () => {
      const violations = violationsAfter(cart, t => {
        const { p, resource } = first(t, 'AWS::KMS::Key');
        p.EnableKeyRotation = false;
        resource.DeletionPolicy = 'Delete';
      });
      expect(controls(violations)).toEqual(['PBC-DATA-18', 'PBC-DATA-19']);
    });
  });

  describe('governance', () => {
    it('catches a resource that lost its tags, or only the pbc tag', () => {
      const violations = violationsAfter(cart, t => {
        delete first(t, 'AWS::SQS::Queue').p.Tags;
        const role = first(t, 'AWS::IAM::Role').p;
        role.Tags = role.Tags.filter((tag: any) => tag.Key !== 'pbc');
      });
      expect(violations.filter(v => v.controlId === 'PBC-GOV-02')).toHaveLength(
        2,
      );
    });

    it('catches a wrong pbc tag', () => {
      const violations = violationsAfter(cart, t => {
        first(t, 'AWS::KMS::Key').p.Tags.find(
          (tag: any) => tag.Key === 'pbc',
        ).Value = 'checkout';
      });
      expect(violations).toEqual([
        expect.objectContaining({
          controlId: 'PBC-GOV-02',
          message: 'AWS::KMS::Key is not tagged pbc=cart',
        }),
      ]);
    });

    it('catches cardholder data outside PCI scope', () => {
      const violations = violationsAfter(cart, t => {
        first(t, 'AWS::DynamoDB::Table').p.Tags.find(
          (tag: any) => tag.Key === 'pbc:data-class',
        ).Value = 'cardholder-data';
      });
      expect(controls(violations)).toEqual(['PBC-GOV-07', 'PBC-GOV-07']);
    });
  });
});
