import { parse } from 'yaml';
import { AWS_COMMERCIAL_REGIONS } from '../lib/regions';
import {
  MAX_CONSUMES,
  MAX_PUBLISHES,
  PATTERNS_VERSION,
  type PbcSpec,
} from '@pbc-portal/pbc-domain';
import {
  checkReferencePatterns,
  runCfnLint,
  runCfnLintMany,
  type CfnLintFinding,
} from '../validation';
import { SPECS } from '../__testUtils__/specs';
import { worstCaseLength } from './role';
import { RenderedInfrastructure, renderInfrastructure } from '.';

// cfn-lint and CDK synthesis are CPU-bound; on a shared two-core machine they can take long.
jest.setTimeout(120_000);

type Resource = {
  Type: string;
  Properties: Record<string, any>;
  DeletionPolicy?: string;
};

const ofType = (
  r: RenderedInfrastructure,
  type: string,
): [string, Resource][] =>
  Object.entries(r.template.Resources as Record<string, Resource>).filter(
    ([, res]) => res.Type === type,
  );
const props = (r: RenderedInfrastructure, type: string) =>
  ofType(r, type).map(([, res]) => res.Properties);
const arr = <T>(v: T | T[] | undefined): T[] => {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
};
const ref = (v: any): string | undefined => v?.Ref ?? v?.['Fn::GetAtt']?.[0];
const imported = (v: any): string | undefined => v?.['Fn::ImportValue'];
/** Every Fn::ImportValue inside a value. */
const importsIn = (v: any): string[] =>
  JSON.stringify(v ?? null)
    .match(/"Fn::ImportValue":"([^"]+)"/g)
    ?.map(m => m.split('"')[3]) ?? [];
/** A built ARN as text, references as <Name>. */
const text = (v: any): string => {
  if (typeof v === 'string') return v;
  if (v?.['Fn::Join']) return v['Fn::Join'][1].map(text).join(v['Fn::Join'][0]);
  if (typeof v?.['Fn::Sub'] === 'string') return v['Fn::Sub'];
  if (v?.Ref) return `<${v.Ref}>`;
  if (v?.['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`;
  return JSON.stringify(v);
};

describe('PATTERNS_VERSION', () => {
  it('is a semantic version', () => {
    expect(PATTERNS_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

/**
 * Every spec's stack and subscriptions stack, linted in one cfn-lint run on first use (each run
 * costs about a second of start-up): label -> [stack findings, subscriptions findings].
 */
let lintedOnce:
  | Promise<Map<string, [CfnLintFinding[], CfnLintFinding[] | undefined]>>
  | undefined;
function lintEverySpec() {
  lintedOnce ??= (async () => {
    const rendered = Object.entries(SPECS).map(
      ([label, spec]) => [label, renderInfrastructure(spec)] as const,
    );
    const yamls = rendered.flatMap(([, r]) =>
      r.subscriptions
        ? [r.templateYaml, r.subscriptions.templateYaml]
        : [r.templateYaml],
    );
    const findings = await runCfnLintMany(yamls);
    const byLabel = new Map<
      string,
      [CfnLintFinding[], CfnLintFinding[] | undefined]
    >();
    let i = 0;
    for (const [label, r] of rendered) {
      const stack = findings[i++];
      byLabel.set(label, [stack, r.subscriptions ? findings[i++] : undefined]);
    }
    return byLabel;
  })();
  return lintedOnce;
}

describe.each(Object.entries(SPECS))('rendering %s', (label, spec: PbcSpec) => {
  let r: RenderedInfrastructure;
  let keyId: string;

  beforeAll(() => {
    r = renderInfrastructure(spec);
    keyId = ofType(r, 'AWS::KMS::Key')[0][0];
  });

  it('names the stack and the conformance pack pbc-<name>', () => {
    expect(r.stackName).toBe(`pbc-${spec.name}`);
    expect(r.conformancePack.name).toBe(`pbc-${spec.name}`);
    expect(parse(r.templateYaml)).toEqual(r.template);
  });

  it('has no unacknowledged cdk-nag finding (AwsSolutions, and PCI DSS 3.2.1 when in scope)', () => {
    expect(r.nagFindings).toEqual([]);
  });

  it('holds the reference patterns', () => {
    expect(
      checkReferencePatterns(spec, r.template, r.subscriptions?.template),
    ).toEqual([]);
  });

  it('passes cfn-lint for its Region with no error and no warning', async () => {
    const [findings, subscriptions] = (await lintEverySpec()).get(label)!;
    expect(findings.filter(f => f.level === 'error')).toEqual([]);
    expect(findings).toEqual([]);
    expect(subscriptions ?? []).toEqual([]);
    expect(subscriptions === undefined).toBe(r.subscriptions === undefined);
  });

  it('fits CloudFormation’s 51,200-byte TemplateBody and IAM’s 6,144-character policies', () => {
    expect(Buffer.byteLength(r.templateYaml)).toBeLessThanOrEqual(51_200);
    for (const policy of props(r, 'AWS::IAM::ManagedPolicy')) {
      expect(worstCaseLength(policy.PolicyDocument)).toBeLessThanOrEqual(6_144);
    }
  });

  it('pages on-call for every failure mode it has', () => {
    const alarms = props(r, 'AWS::CloudWatch::Alarm');
    const metrics = alarms.map(a => a.MetricName);
    const count = (m: string) => metrics.filter(x => x === m).length;
    expect(count('ApproximateNumberOfMessagesVisible')).toBe(
      spec.consumes.length,
    );
    expect(count('ApproximateAgeOfOldestMessage')).toBe(spec.consumes.length);
    expect(count('NumberOfNotificationsFailed')).toBe(spec.publishes.length);
    expect(count('ACUUtilization')).toBe(
      spec.dataStore === 'aurora-postgresql' ? 1 : 0,
    );
    expect(count('WriteThrottleEvents')).toBe(
      spec.dataStore === 'dynamodb' ? 1 : 0,
    );
    for (const alarm of alarms) {
      expect(alarm.AlarmActions.map(imported)).toEqual([
        'platform-alarm-topic-arn',
      ]);
    }
  });

  it('grants KMS only for AWS resources and lets only organisation queues subscribe', () => {
    const [key] = props(r, 'AWS::KMS::Key');
    const granting = key.KeyPolicy.Statement.filter((st: any) =>
      arr(st.Action).includes('kms:CreateGrant'),
    );
    expect(granting.map((st: any) => st.Condition)).toEqual([
      { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    ]);
    for (const policy of props(r, 'AWS::SNS::TopicPolicy')) {
      const subscribe = policy.PolicyDocument.Statement.filter(
        (st: any) =>
          st.Effect === 'Allow' && arr(st.Action).includes('sns:Subscribe'),
      );
      expect(subscribe).toHaveLength(1);
      expect(
        imported(subscribe[0].Condition.StringEquals['aws:PrincipalOrgID']),
      ).toBe('platform-organization-id');
      expect(subscribe[0].Condition.StringEquals['sns:Protocol']).toBe('sqs');
    }
  });

  it('runs under one role with the platform boundary and no wildcard', () => {
    // The ECS task execution role and its policy are the service pattern's (service.test.ts).
    const execution = `pbc-${spec.name}_execution`;
    const roles = props(r, 'AWS::IAM::Role').filter(
      role => role.RoleName !== execution,
    );
    expect(roles).toHaveLength(1);
    expect(roles[0].RoleName).toBe(`pbc-${spec.name}-role`);
    expect(text(roles[0].PermissionsBoundary)).toBe(
      'arn:<AWS::Partition>:iam::<AWS::AccountId>:policy/pbc-boundary',
    );
    expect(roles[0].AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'ecs-tasks.amazonaws.com',
    });
    expect(roles[0].Policies).toBeUndefined();
    expect(roles[0].ManagedPolicyArns).toBeUndefined();
    const policies = ofType(r, 'AWS::IAM::ManagedPolicy').filter(
      ([, policy]) => policy.Properties.ManagedPolicyName !== execution,
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0][1].Properties.PolicyDocument.Statement;
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of arr<string>(statement.Action)) {
        expect(action).not.toContain('*');
      }
      for (const resource of arr(statement.Resource)) {
        expect(text(resource)).not.toContain('*');
      }
    }
  });

  it('admits only the shared load balancer, or nothing when internal', () => {
    const group = props(r, 'AWS::EC2::SecurityGroup').find(
      g => g.GroupName === `pbc-${spec.name}`,
    )!;
    const ingress = arr<any>(group.SecurityGroupIngress);
    const fromAlb = {
      IpProtocol: 'tcp',
      FromPort: 8080,
      ToPort: 8080,
      SourceSecurityGroupId: {
        'Fn::ImportValue': 'platform-alb-security-group-id',
      },
    };
    expect(
      ingress.map(
        ({ IpProtocol, FromPort, ToPort, SourceSecurityGroupId }) => ({
          IpProtocol,
          FromPort,
          ToPort,
          SourceSecurityGroupId,
        }),
      ),
    ).toEqual(spec.exposure === 'public' ? [fromAlb] : []);
    const standaloneIngress = props(r, 'AWS::EC2::SecurityGroupIngress');
    for (const rule of [...ingress, ...standaloneIngress]) {
      expect(rule.CidrIp).toBeUndefined();
      expect(rule.CidrIpv6).toBeUndefined();
    }
    for (const rule of [
      ...arr<any>(group.SecurityGroupEgress),
      ...props(r, 'AWS::EC2::SecurityGroupEgress'),
    ]) {
      expect(rule.CidrIp).toBeUndefined();
      expect(rule.IpProtocol).toBe('tcp');
    }
  });

  it(`runs in the ${
    spec.pciScope ? 'payment' : 'private'
  } subnets and endpoints`, () => {
    const all = importsIn(r.template);
    const [wanted, unwanted] = spec.pciScope
      ? ['payment', 'private']
      : ['private', 'payment'];
    expect((r.template.Outputs as any).SubnetsExport.Value).toBe(
      `platform-${wanted}-subnet-ids`,
    );
    expect(all).not.toContain(`platform-${unwanted}-subnet-ids`);
    expect(all).toContain(
      spec.pciScope
        ? 'platform-payment-vpc-endpoints-security-group-id'
        : 'platform-vpc-endpoints-security-group-id',
    );
    expect(all).not.toContain(
      spec.pciScope
        ? 'platform-vpc-endpoints-security-group-id'
        : 'platform-payment-vpc-endpoints-security-group-id',
    );
    for (const group of props(r, 'AWS::RDS::DBSubnetGroup')) {
      expect(importsIn(group.SubnetIds)).toEqual([
        `platform-${wanted}-subnet-ids`,
      ]);
    }
    const types = Object.values(
      r.template.Resources as Record<string, Resource>,
    ).map(x => x.Type);
    expect(types).not.toEqual(expect.arrayContaining(['AWS::EC2::Route']));
    expect(
      types.filter(t => /InternetGateway|NatGateway|EIP|Route$/.test(t)),
    ).toEqual([]);
  });

  it('has one encrypted, TLS-only topic per published event', () => {
    const topics = ofType(r, 'AWS::SNS::Topic');
    const suffix = spec.pciScope ? '.fifo' : '';
    expect(topics.map(([, t]) => t.Properties.TopicName).sort()).toEqual(
      spec.publishes.map(e => `pbc-${spec.name}_${e}${suffix}`).sort(),
    );
    for (const [id, topic] of topics) {
      expect(ref(topic.Properties.KmsMasterKeyId)).toBe(keyId);
      expect(topic.Properties.FifoTopic).toBe(spec.pciScope ? true : undefined);
      expect(topic.Properties.ContentBasedDeduplication).toBe(
        spec.pciScope ? true : undefined,
      );
      const policy = props(r, 'AWS::SNS::TopicPolicy').find(
        p => ref(p.Topics[0]) === id,
      )!;
      expect(policy.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('has a queue with DLQ, redrive, KMS, TLS, topic-only policy and alarm per consumed event', () => {
    const queues = ofType(r, 'AWS::SQS::Queue');
    const work = queues.filter(([, q]) => q.Properties.RedrivePolicy);
    expect(work).toHaveLength(spec.consumes.length);
    expect(queues).toHaveLength(spec.consumes.length * 2);
    for (const entry of spec.consumes) {
      const [producer, event] = entry.split('.');
      // No producer facts given: the producer is taken to share the consumer's account,
      // Region and PCI scope.
      const topicArn = `arn:aws:sns:${spec.awsRegion}:${
        spec.awsAccountId
      }:pbc-${producer}_${event}${spec.pciScope ? '.fifo' : ''}`;
      const subscriptions = Object.values(
        r.subscriptions!.template.Resources as Record<string, Resource>,
      )
        .filter(s => s.Type === 'AWS::SNS::Subscription')
        .map(s => s.Properties)
        .filter(s => s.TopicArn === topicArn);
      expect(subscriptions).toHaveLength(1);
      const subscription = subscriptions[0];
      expect(subscription.RawMessageDelivery).toBe(true);
      expect(subscription.Protocol).toBe('sqs');
      const queueName = text(subscription.Endpoint).split(':').pop();
      const [id] = ofType(r, 'AWS::SQS::Queue').find(
        ([, q]) => q.Properties.QueueName === queueName,
      )!;
      const queue = (r.template.Resources as Record<string, Resource>)[id];
      expect(queue.Type).toBe('AWS::SQS::Queue');
      const q = queue.Properties;
      expect(q.QueueName.length).toBeLessThanOrEqual(80);
      expect(q.QueueName.endsWith('.fifo')).toBe(spec.pciScope);
      expect(q.RedrivePolicy.maxReceiveCount).toBe(5);
      expect(ref(q.KmsMasterKeyId)).toBe(keyId);
      const dlqId = ref(q.RedrivePolicy.deadLetterTargetArn)!;
      const dlq = (r.template.Resources as any)[dlqId];
      expect(dlq.Type).toBe('AWS::SQS::Queue');
      expect(dlq.Properties.MessageRetentionPeriod).toBe(1209600);
      expect(ref(dlq.Properties.KmsMasterKeyId)).toBe(keyId);
      expect(dlq.Properties.QueueName.length).toBeLessThanOrEqual(80);
      expect([q.FifoQueue, dlq.Properties.FifoQueue]).toEqual(
        spec.pciScope ? [true, true] : [undefined, undefined],
      );
      const policy = props(r, 'AWS::SQS::QueuePolicy').find(
        p => ref(p.Queues[0]) === id,
      )!;
      const [deny, allow] = policy.PolicyDocument.Statement;
      expect(deny).toMatchObject({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      expect(allow).toMatchObject({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Principal: { Service: 'sns.amazonaws.com' },
      });
      expect(allow.Condition.ArnEquals['aws:SourceArn']).toBe(topicArn);
      expect(policy.PolicyDocument.Statement).toHaveLength(2);
      const alarm = props(r, 'AWS::CloudWatch::Alarm').find(
        a =>
          ref(a.Dimensions[0].Value) === dlqId &&
          a.MetricName === 'ApproximateNumberOfMessagesVisible',
      )!;
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      expect(alarm.AlarmActions.map(imported)).toEqual([
        'platform-alarm-topic-arn',
      ]);
    }
  });

  it(`has the ${spec.dataStore} data store and nothing else`, () => {
    const tables = props(r, 'AWS::DynamoDB::Table');
    const clusters = ofType(r, 'AWS::RDS::DBCluster');
    expect(tables).toHaveLength(spec.dataStore === 'dynamodb' ? 1 : 0);
    expect(clusters).toHaveLength(
      spec.dataStore === 'aurora-postgresql' ? 1 : 0,
    );
    for (const table of tables) {
      expect(table.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
      expect(table.SSESpecification).toMatchObject({
        SSEEnabled: true,
        SSEType: 'KMS',
      });
      expect(ref(table.SSESpecification.KMSMasterKeyId)).toBe(keyId);
      expect(table.DeletionProtectionEnabled).toBe(true);
    }
    for (const [id, cluster] of clusters) {
      const c = cluster.Properties;
      expect(c).toMatchObject({
        StorageEncrypted: true,
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
        ManageMasterUserPassword: true,
      });
      expect(c.MasterUserPassword).toBeUndefined();
      expect(c.BackupRetentionPeriod).toBeGreaterThanOrEqual(7);
      expect(ref(c.KmsKeyId)).toBe(keyId);
      expect(cluster.DeletionPolicy).toBe('Snapshot');
      const instances = props(r, 'AWS::RDS::DBInstance').filter(
        i => ref(i.DBClusterIdentifier) === id,
      );
      expect(instances).toHaveLength(2);
      const zones = instances.map(i => i.AvailabilityZone['Fn::Select']);
      expect(zones.map(z => z[0])).toEqual([0, 1]);
      expect(zones.map(z => importsIn(z[1]))).toEqual([
        ['platform-availability-zones'],
        ['platform-availability-zones'],
      ]);
      expect(instances.map(i => i.PubliclyAccessible)).toEqual([false, false]);
      const dbGroupId = ref(c.VpcSecurityGroupIds[0])!;
      const dbIngress = props(r, 'AWS::EC2::SecurityGroupIngress').filter(
        i => ref(i.GroupId) === dbGroupId,
      );
      const appGroupId = ofType(r, 'AWS::EC2::SecurityGroup').find(
        ([, g]) => g.Properties.GroupName === `pbc-${spec.name}`,
      )![0];
      expect(dbIngress.map(i => ref(i.SourceSecurityGroupId))).toEqual([
        appGroupId,
      ]);
    }
    expect(ofType(r, 'AWS::RDS::DBInstance')).toHaveLength(
      spec.dataStore === 'aurora-postgresql' ? 2 : 0,
    );
  });

  it('tags every taggable resource pbc=<name>', () => {
    const resources = Object.entries(
      r.template.Resources as Record<string, Resource>,
    );
    const untaggable = new Set([
      'AWS::KMS::Alias',
      'AWS::IAM::ManagedPolicy',
      'AWS::SNS::TopicPolicy',
      'AWS::SNS::Subscription',
      'AWS::SQS::QueuePolicy',
      'AWS::EC2::SecurityGroupIngress',
      'AWS::EC2::SecurityGroupEgress',
      'AWS::ApplicationAutoScaling::ScalingPolicy',
    ]);
    for (const [id, resource] of resources) {
      if (untaggable.has(resource.Type)) {
        continue;
      }
      expect({ id, tags: resource.Properties.Tags }).toEqual({
        id,
        tags: expect.arrayContaining([{ Key: 'pbc', Value: spec.name }]),
      });
    }
    const dataClass = spec.pciScope ? 'cardholder-data' : 'business-data';
    for (const type of ['AWS::DynamoDB::Table', 'AWS::RDS::DBCluster']) {
      for (const store of props(r, type)) {
        expect(store.Tags).toContainEqual({
          Key: 'pbc:data-class',
          Value: dataClass,
        });
      }
    }
  });

  it('emits a conformance pack scoped to the PBC by tag', () => {
    const pack = parse(r.conformancePack.templateYaml);
    const rules = Object.values(pack.Resources) as Resource[];
    expect(rules.length).toBeGreaterThan(20);
    for (const rule of rules) {
      expect(rule.Type).toBe('AWS::Config::ConfigRule');
      expect(rule.Properties.Scope).toEqual({
        TagKey: 'pbc',
        TagValue: spec.name,
      });
      expect(
        rule.Properties.ConfigRuleName.startsWith(`pbc-${spec.name}-`),
      ).toBe(true);
    }
  });
});

describe('every commercial Region', () => {
  it.each([
    'payment with PCI scope (Aurora, public)',
    'several events each way',
  ])('%s passes cfn-lint in all of them', async label => {
    const { templateYaml } = renderInfrastructure(SPECS[label]);
    const findings = await runCfnLint(templateYaml, {
      regions: [...AWS_COMMERCIAL_REGIONS],
    });
    expect(findings.filter(f => f.level === 'error')).toEqual([]);
  });
});

describe('producers in other accounts, Regions and PCI scopes', () => {
  const payment = SPECS['payment with PCI scope (Aurora, public)'];
  const order = SPECS['Aurora, public, not PCI'];
  const checkout = {
    awsAccountId: '333333333333',
    awsRegion: 'us-east-1',
    pciScope: false,
  };

  it('subscribes a PCI consumer to a standard topic in another account and Region', () => {
    const r = renderInfrastructure(payment, { producers: { checkout } });
    const topic =
      'arn:aws:sns:us-east-1:333333333333:pbc-checkout_checkout-completed';
    const [queue] = props(r, 'AWS::SQS::Queue').filter(q => q.RedrivePolicy);
    expect(queue.QueueName).toBe('pbc-payment_checkout_checkout-completed');
    expect(queue.FifoQueue).toBeUndefined();
    const [key] = props(r, 'AWS::KMS::Key');
    expect(JSON.stringify(key.KeyPolicy)).toContain(topic);
    const [subscription] = Object.values(
      r.subscriptions!.template.Resources as Record<string, Resource>,
    ).map(x => x.Properties);
    expect(subscription).toMatchObject({
      TopicArn: topic,
      Region: 'us-east-1',
      RawMessageDelivery: true,
    });
    // SNS redrives only to a DLQ in the subscription's account and Region.
    expect(subscription.RedrivePolicy).toBeUndefined();
    expect(
      checkReferencePatterns(payment, r.template, r.subscriptions!.template),
    ).toEqual([]);
  });

  it('subscribes a non-PCI consumer to a PCI producer’s FIFO topic with a FIFO queue', () => {
    const r = renderInfrastructure(order, {
      producers: {
        payment: {
          awsAccountId: '222222222222',
          awsRegion: 'eu-west-1',
          pciScope: true,
        },
      },
    });
    const [queue] = props(r, 'AWS::SQS::Queue').filter(q => q.RedrivePolicy);
    expect(queue.QueueName).toBe('pbc-order_payment_payment-captured.fifo');
    expect(queue.FifoQueue).toBe(true);
  });

  it('keeps the main stack free of other PBCs’ resources, so any deploy order works', () => {
    const r = renderInfrastructure(payment, { producers: { checkout } });
    expect(props(r, 'AWS::SNS::Subscription')).toEqual([]);
    expect(
      importsIn(r.template).every(name => name.startsWith('platform-')),
    ).toBe(true);
    expect(r.subscriptions!.stackName).toBe('pbc-payment--subscriptions');
  });
});

describe('the Aurora pattern', () => {
  const payment = SPECS['payment with PCI scope (Aurora, public)'];
  let r: RenderedInfrastructure;
  beforeAll(() => {
    r = renderInfrastructure(payment);
  });

  it('never lets the runtime role read the master secret', () => {
    const actions = props(r, 'AWS::IAM::ManagedPolicy').flatMap(p =>
      p.PolicyDocument.Statement.flatMap((st: any) => arr(st.Action)),
    );
    expect(
      actions.filter((a: string) => a.startsWith('secretsmanager:')),
    ).toEqual([]);
    expect(actions).toContain('rds-db:connect');
  });

  it('names its security group pbc-<name>_db, which no PBC’s own group can be', () => {
    const names = props(r, 'AWS::EC2::SecurityGroup').map(g => g.GroupName);
    expect(names).toContain('pbc-payment_db');
    expect(names).not.toContain('pbc-payment-db');
  });

  it('exports its PostgreSQL log into a group with retention and the PBC key, made first', () => {
    const [[logId, log]] = ofType(r, 'AWS::Logs::LogGroup');
    expect(log.Properties).toMatchObject({
      LogGroupName: '/aws/rds/cluster/pbc-payment/postgresql',
      RetentionInDays: 365,
    });
    const [[keyId]] = ofType(r, 'AWS::KMS::Key');
    expect(ref(log.Properties.KmsKeyId)).toBe(keyId);
    const [[, cluster]] = ofType(r, 'AWS::RDS::DBCluster');
    expect(arr((cluster as any).DependsOn)).toContain(logId);
  });
});

describe('the form’s limits', () => {
  // The smallest stack per event: 3-character names, no data store, internal, not PCI.
  const shortest = (publishes: number, consumes: number): PbcSpec => ({
    name: 'abc',
    description: 'd',
    owner: 'group:default/a',
    system: 'system:default/b',
    dataStore: 'none',
    publishes: Array.from({ length: publishes }, (_, i) => `e${i + 10}`),
    consumes: Array.from(
      { length: consumes },
      (_, i) => `p${i + 10}.c${i + 10}`,
    ),
    pciScope: false,
    exposure: 'internal',
    awsAccountId: '123456789012',
    awsRegion: 'ap-southeast-7',
  });

  it('are exactly what fits CloudFormation’s TemplateBody with the shortest names', () => {
    expect(() =>
      renderInfrastructure(shortest(MAX_PUBLISHES, 0)),
    ).not.toThrow();
    expect(() => renderInfrastructure(shortest(MAX_PUBLISHES + 1, 0))).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
    expect(() => renderInfrastructure(shortest(0, MAX_CONSUMES))).not.toThrow();
    expect(() => renderInfrastructure(shortest(0, MAX_CONSUMES + 1))).toThrow(
      /over CloudFormation's 51200-byte template body/,
    );
  });
});

describe('renderInfrastructure input', () => {
  const valid = SPECS['DynamoDB, public'];

  it.each([
    ['a name that is not kebab-case', { name: 'Cart_Service' }],
    ['a name over 40 characters', { name: `a${'-b'.repeat(20)}` }],
    ['a consumed event without producer', { consumes: ['order-placed'] }],
    ['a consumed event of its own', { consumes: ['cart.cart-checked-out'] }],
    ['a duplicated event', { publishes: ['x-happened', 'x-happened'] }],
    ['an account id of 11 digits', { awsAccountId: '12345678901' }],
  ])('rejects %s with an InputError', (_what, change) => {
    expect(() =>
      renderInfrastructure({ ...valid, ...change } as PbcSpec),
    ).toThrow(expect.objectContaining({ name: 'InputError' }));
  });

  it('gives events that differ only across the dash their own topics and queues', () => {
    const queueNames = (r: RenderedInfrastructure) =>
      props(r, 'AWS::SQS::Queue').map(q => q.QueueName);
    const r = renderInfrastructure({
      ...valid,
      consumes: ['order-x.placed', 'order.x-placed'],
    });
    expect(new Set(queueNames(r)).size).toBe(4);
  });

  it('renders the same template twice (deterministic)', () => {
    expect(renderInfrastructure(valid).templateYaml).toBe(
      renderInfrastructure(valid).templateYaml,
    );
  });
});
