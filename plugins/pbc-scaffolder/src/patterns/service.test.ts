import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { describeConsumers, describePublishers } from '../lib/consumers';
import { listenerRulePriority } from '../lib/listenerPriority';
import { SERVICE_ENV } from '../lib/serviceEnv';
import { App } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { checkReferencePatterns } from '../validation';
import { collectNagFindings, nagPacksFor } from './nag';
import { PbcStack } from './stack';
import {
  renderInfrastructure,
  resolveProducers,
  type RenderedInfrastructure,
} from './render';
import { SERVICE_NAMES } from '../lib/serviceNames';
import { SERVICE } from './service';

jest.setTimeout(120_000);

type Resource = {
  Type: string;
  Properties: Record<string, any>;
  DependsOn?: string[];
};

const giftcard: PbcSpec = {
  name: 'giftcard',
  description: 'Issues and redeems gift cards.',
  owner: 'group:default/checkout-team',
  system: 'system:default/checkout',
  dataStore: 'dynamodb',
  publishes: ['giftcard-issued'],
  consumes: ['order.order-placed'],
  pciScope: false,
  exposure: 'public',
  awsAccountId: '123456789012',
  awsRegion: 'eu-west-1',
};

const resources = (r: RenderedInfrastructure) =>
  r.template.Resources as Record<string, Resource>;
const ofType = (r: RenderedInfrastructure, type: string) =>
  Object.entries(resources(r)).filter(([, res]) => res.Type === type);
const one = (r: RenderedInfrastructure, type: string): Resource => {
  const found = ofType(r, type);
  expect([type, found.length]).toEqual([type, 1]);
  return found[0][1];
};

describe('the service pattern', () => {
  let r: RenderedInfrastructure;
  beforeAll(() => {
    r = renderInfrastructure(giftcard);
  });

  it('sets exactly the variables the generated service code reads', () => {
    const task = one(r, 'AWS::ECS::TaskDefinition').Properties;
    const names = task.ContainerDefinitions[0].Environment.map(
      (e: { Name: string }) => e.Name,
    );
    // What templates/pbc/skeleton/src/config.ts.njk reads for this spec.
    expect(names.sort()).toEqual(
      [
        SERVICE_ENV.pbc,
        SERVICE_ENV.port,
        SERVICE_ENV.region,
        SERVICE_ENV.queueWaitSeconds,
        SERVICE_ENV.queueVisibilityTimeoutSeconds,
        SERVICE_ENV.tableName,
        ...describeConsumers(giftcard.consumes).map(c => c.queueUrlEnv),
        ...describePublishers(giftcard.name, giftcard.publishes).map(
          p => p.topicArnEnv,
        ),
      ].sort(),
    );
    const env = Object.fromEntries(
      task.ContainerDefinitions[0].Environment.map((e: any) => [
        e.Name,
        e.Value,
      ]),
    );
    const [queueId] = ofType(r, 'AWS::SQS::Queue').find(
      ([, q]) => !String(q.Properties.QueueName).includes('dlq'),
    )!;
    const [topicId] = ofType(r, 'AWS::SNS::Topic')[0];
    const [tableId] = ofType(r, 'AWS::DynamoDB::Table')[0];
    expect(env).toMatchObject({
      QUEUE_URL_ORDER_ORDER_PLACED: { Ref: queueId },
      TOPIC_ARN_GIFTCARD_ISSUED: { Ref: topicId },
      TABLE_NAME: { Ref: tableId },
      QUEUE_WAIT_SECONDS: '20',
      QUEUE_VISIBILITY_TIMEOUT_SECONDS: String(
        resources(r)[queueId].Properties.VisibilityTimeout,
      ),
    });
  });

  it('runs on the platform cluster, in the PBC subnets with its group, and rolls a bad deployment back', () => {
    const service = one(r, 'AWS::ECS::Service').Properties;
    expect(service.Cluster).toEqual({
      'Fn::ImportValue': SERVICE_NAMES.clusterNameExport,
    });
    expect(service.LaunchType).toBe('FARGATE');
    expect(service.DeploymentConfiguration).toMatchObject({
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      MinimumHealthyPercent: 100,
      Alarms: {
        Enable: true,
        Rollback: true,
        AlarmNames: [
          'pbc-giftcard_service_unhealthy-targets',
          'pbc-giftcard_service_5xx',
        ],
      },
    });
    const vpc = service.NetworkConfiguration.AwsvpcConfiguration;
    expect(vpc.AssignPublicIp).toBe('DISABLED');
    expect(JSON.stringify(vpc.Subnets)).toContain(
      'platform-private-subnet-ids',
    );
    const [sgId] = ofType(r, 'AWS::EC2::SecurityGroup')[0];
    expect(vpc.SecurityGroups).toEqual([{ 'Fn::GetAtt': [sgId, 'GroupId'] }]);
  });

  it('runs tasks as the PBC role, non-root, read-only, logging to a kept and encrypted group', () => {
    const task = one(r, 'AWS::ECS::TaskDefinition').Properties;
    const [roleId] = ofType(r, 'AWS::IAM::Role').find(
      ([, role]) => role.Properties.RoleName === 'pbc-giftcard-role',
    )!;
    expect(task.TaskRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    const container = task.ContainerDefinitions[0];
    expect(container).toMatchObject({
      User: '1000',
      Privileged: false,
      ReadonlyRootFilesystem: true,
      Image: { Ref: 'ImageUri' },
    });
    const logs = one(r, 'AWS::Logs::LogGroup').Properties;
    const [keyId, key] = ofType(r, 'AWS::KMS::Key')[0];
    expect(logs).toMatchObject({
      LogGroupName: '/pbc/giftcard/service',
      RetentionInDays: SERVICE.logRetentionDays.other,
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    const logsStatement = key.Properties.KeyPolicy.Statement.find(
      (s: any) => s.Sid === 'ServiceLogGroupEncrypts',
    );
    expect(JSON.stringify(logsStatement.Condition)).toContain(
      'log-group:/pbc/giftcard/service',
    );
  });

  it('gives the execution role only the image pull and its own log group', () => {
    const execution = ofType(r, 'AWS::IAM::ManagedPolicy')
      .map(([, p]) => p.Properties)
      .find(p => p.ManagedPolicyName === 'pbc-giftcard_execution')!;
    const statements = execution.PolicyDocument.Statement;
    expect(statements.map((s: any) => [s.Sid, s.Action])).toEqual([
      ['EcrLogin', ['ecr:GetAuthorizationToken']],
      ['PullOwnImage', ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']],
      ['WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']],
    ]);
    expect(JSON.stringify(statements[1].Resource)).toContain(
      'repository/pbc-giftcard',
    );
  });

  it('routes /giftcard on the shared listener with a priority from its name', () => {
    const rule = one(r, 'AWS::ElasticLoadBalancingV2::ListenerRule').Properties;
    expect(rule.ListenerArn).toEqual({
      'Fn::ImportValue': SERVICE_NAMES.albListenerArnExport,
    });
    expect(rule.Priority).toBe(listenerRulePriority('giftcard'));
    expect(rule.Conditions[0].PathPatternConfig.Values).toEqual([
      '/giftcard',
      '/giftcard/*',
    ]);
    const tg = one(r, 'AWS::ElasticLoadBalancingV2::TargetGroup').Properties;
    expect(tg).toMatchObject({
      TargetType: 'ip',
      Port: 8080,
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 3,
    });
  });

  it('scales on backlog per task over its queues and on requests per target', () => {
    const policies = ofType(
      r,
      'AWS::ApplicationAutoScaling::ScalingPolicy',
    ).map(([, p]) => p.Properties);
    expect(policies.map(p => p.PolicyName).sort()).toEqual([
      'pbc-giftcard-backlog-per-task',
      'pbc-giftcard-requests-per-target',
    ]);
    const backlog = policies.find(p =>
      p.PolicyName.endsWith('backlog-per-task'),
    )!;
    const metrics =
      backlog.TargetTrackingScalingPolicyConfiguration
        .CustomizedMetricSpecification.Metrics;
    expect(metrics.map((m: any) => m.Expression).filter(Boolean)).toEqual([
      '(q0) / tasks',
    ]);
    expect(metrics[0].MetricStat.Metric.MetricName).toBe(
      'ApproximateNumberOfMessagesVisible',
    );
  });

  it('an internal PBC with no consumed event gets no ALB resources and scales on CPU', () => {
    const quiet = renderInfrastructure({
      ...giftcard,
      name: 'wishlist',
      exposure: 'internal',
      consumes: [],
      publishes: [],
      dataStore: 'none',
    });
    expect(ofType(quiet, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toEqual(
      [],
    );
    expect(ofType(quiet, 'AWS::ElasticLoadBalancingV2::ListenerRule')).toEqual(
      [],
    );
    const [[, policy]] = ofType(
      quiet,
      'AWS::ApplicationAutoScaling::ScalingPolicy',
    );
    expect(policy.Properties.PolicyName).toBe('pbc-wishlist-cpu');
    const service = one(quiet, 'AWS::ECS::Service').Properties;
    expect(service.DeploymentConfiguration.Alarms).toBeUndefined();
    expect(service.LoadBalancers).toBeUndefined();
  });

  it('runs two to ten tasks, but a consumer without a data store one task, replaced stop-first', () => {
    expect(one(r, 'AWS::ECS::Service').Properties.DesiredCount).toBe(2);
    expect(
      one(r, 'AWS::ApplicationAutoScaling::ScalableTarget').Properties,
    ).toMatchObject({ MinCapacity: 2, MaxCapacity: 10 });
    const stateless = renderInfrastructure({
      ...giftcard,
      name: 'notify',
      dataStore: 'none',
    });
    const service = one(stateless, 'AWS::ECS::Service').Properties;
    expect(service.DesiredCount).toBe(1);
    expect(service.DeploymentConfiguration).toMatchObject({
      MinimumHealthyPercent: 0,
      MaximumPercent: 100,
    });
    expect(
      one(stateless, 'AWS::ApplicationAutoScaling::ScalableTarget').Properties,
    ).toMatchObject({ MinCapacity: 1, MaxCapacity: 1 });
  });

  it('a PCI PBC runs in the payment subnets and keeps its logs a year', () => {
    const pci = renderInfrastructure({
      ...giftcard,
      name: 'card-vault',
      pciScope: true,
    });
    const service = one(pci, 'AWS::ECS::Service').Properties;
    expect(JSON.stringify(service.NetworkConfiguration)).toContain(
      'platform-payment-subnet-ids',
    );
    expect(one(pci, 'AWS::Logs::LogGroup').Properties.RetentionInDays).toBe(
      365,
    );
  });

  it('cdk-nag catches a weakened service (mutation: no container logging)', () => {
    expect(r.nagFindings).toEqual([]);
    const stack = new PbcStack(
      new App({ analyticsReporting: false }),
      'pbc-giftcard',
      {
        spec: giftcard,
        producers: resolveProducers(giftcard),
      },
    );
    const task = stack.node
      .findAll()
      .find((c): c is CfnTaskDefinition => c instanceof CfnTaskDefinition)!;
    const [container] =
      task.containerDefinitions as CfnTaskDefinition.ContainerDefinitionProperty[];
    (container as { logConfiguration?: unknown }).logConfiguration = undefined;
    const ids = collectNagFindings(nagPacksFor(false), stack).map(
      f => f.ruleId,
    );
    expect(ids).toContain('AwsSolutions-ECS7');
  });

  it('our checks accept the execution role and its two wildcards, and nothing wider (mutations)', () => {
    expect(checkReferencePatterns(giftcard, r.template)).toEqual([]);
    const mutate = (edit: (statements: any[]) => void) => {
      const template = JSON.parse(JSON.stringify(r.template));
      const [, policy] = Object.entries<Resource>(template.Resources).find(
        ([, res]) =>
          res.Properties.ManagedPolicyName === 'pbc-giftcard_execution',
      )!;
      edit(policy.Properties.PolicyDocument.Statement);
      return checkReferencePatterns(giftcard, template).map(f => f.message);
    };
    expect(
      mutate(statements => statements[0].Action.push('ecr:BatchGetImage')),
    ).toContain('wildcard resource *');
    expect(
      mutate(statements => {
        statements[2].Resource = statements[2].Resource['Fn::Join']
          ? {
              'Fn::Join': [
                '',
                [
                  'arn:aws:logs:eu-west-1:1:log-group:/pbc/other/service:log-stream:*',
                ],
              ],
            }
          : 'arn:aws:logs:eu-west-1:1:log-group:/pbc/other/service:log-stream:*';
      }),
    ).toContain(
      'wildcard resource arn:aws:logs:eu-west-1:1:log-group:/pbc/other/service:log-stream:*',
    );
    const twoRoles = JSON.parse(JSON.stringify(r.template));
    twoRoles.Resources.Extra = {
      Type: 'AWS::IAM::Role',
      Properties: {
        ...Object.values<Resource>(twoRoles.Resources).find(
          res => res.Properties.RoleName === 'pbc-giftcard_execution',
        )!.Properties,
      },
    };
    expect(
      checkReferencePatterns(giftcard, twoRoles).map(f => f.message),
    ).toContain(
      'expected exactly one IAM role besides pbc-giftcard_execution, found 1',
    );
  });
});
