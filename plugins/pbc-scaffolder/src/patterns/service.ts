/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import {
  Aws,
  CfnParameter,
  type CfnResource,
  Fn,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import {
  CfnScalableTarget,
  CfnScalingPolicy,
} from 'aws-cdk-lib/aws-applicationautoscaling';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnService, CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import {
  CfnListenerRule,
  CfnTargetGroup,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnManagedPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import {
  listenerPathPatterns,
  listenerRulePriority,
} from '../lib/listenerPriority';
import { SERVICE_ENV } from '../lib/serviceEnv';
import { SERVICE_NAMES } from '../lib/serviceNames';
import { SERVICE_PORT, TAG_KEYS, iamPath } from '@pbc-portal/pbc-domain';
import { MESSAGING } from './names';
import type { PlatformImports } from './platformImports';
import type { PbcRole } from './role';

/** Sizing and timing of the service pattern (article 05). */
export const SERVICE = {
  cpu: '256',
  memory: '512',
  minTasks: 2,
  maxTasks: 10,
  /** SIGTERM to SIGKILL: longer than a batch of messages takes (the 30 s consumer timeout). */
  stopTimeoutSeconds: 60,
  /** A year for cardholder-data environments (PCI DSS 10.5.1), three months otherwise. */
  logRetentionDays: { pci: 365, other: 90 },
  /** Backlog one task clears in about 2.5 minutes: 5 batches of 10 within the consumer timeout. */
  backlogPerTaskTarget: 50,
  /** Requests per target per minute a task is comfortable with; tune after a load test. */
  requestsPerTargetTarget: 600,
  healthCheckGraceSeconds: 60,
  /** Longest request plus margin: in-flight requests finish before the task is stopped. */
  deregistrationDelaySeconds: 30,
  slowStartSeconds: 30,
} as const;

/**
 * A consumer without a data store deduplicates in its task's memory (the skeleton's
 * InMemoryProcessedMessageStore), which holds for one task only: it runs one task, and a data
 * store is what lets it scale out.
 */
function singleTask(spec: PbcSpec): boolean {
  return spec.dataStore === 'none' && spec.consumes.length > 0;
}

function taskCount(spec: PbcSpec): { min: number; max: number } {
  return singleTask(spec)
    ? { min: 1, max: 1 }
    : { min: SERVICE.minTasks, max: SERVICE.maxTasks };
}

/** The container's name in the task definition (the deploy workflow does not need it). */
const CONTAINER = 'service';

export interface ConsumedQueue {
  /** `<producer>.<event>`. */
  event: string;
  /** The queue's name (`attrQueueName`), for its CloudWatch metrics. */
  queueName: string;
}

export interface PbcServiceProps {
  spec: PbcSpec;
  platform: PlatformImports;
  key: CfnKey;
  role: PbcRole;
  securityGroupId: string;
  /** Variables of the PBC's events and data store, as `lib/serviceEnv.ts` names them. */
  environment: Record<string, string>;
  consumedQueues: ConsumedQueue[];
}

/**
 * Acknowledges a cdk-nag rule on one resource, with its reason, and writes both into the
 * resource's template Metadata (`cdk_nag.rules_to_suppress`), where reviewers see them and the
 * repository's own cdk-nag re-run (scripts/check-infrastructure.js) reads them back.
 */
function acknowledge(
  resource: CfnResource,
  acknowledgment: { id: string; reason: string },
): void {
  Validations.of(resource).acknowledge(acknowledgment);
  const metadata = resource.getMetadata('cdk_nag') as
    | { rules_to_suppress: Array<{ id: string; reason: string }> }
    | undefined;
  resource.addMetadata('cdk_nag', {
    rules_to_suppress: [...(metadata?.rules_to_suppress ?? []), acknowledgment],
  });
}

/** Lets CloudWatch Logs use the PBC's key for its service log group, and only that group. */
function allowLogsToUseKey(key: CfnKey, logGroupArn: string): void {
  const policy = key.keyPolicy as { Statement: Record<string, unknown>[] };
  policy.Statement.push({
    Sid: 'ServiceLogGroupEncrypts',
    Effect: 'Allow',
    Principal: { Service: `logs.${Aws.REGION}.amazonaws.com` },
    Action: [
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ],
    Resource: '*',
    Condition: {
      ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn },
    },
  });
}

// --8<-- [start:pbc-ecs-service]
/**
 * The PBC's compute: an ECS Fargate service on the platform's cluster, in the PBC's subnets
 * (payment subnets when PCI-scoped) with its security group, never a public IP. Its tasks run
 * under the PBC role; a separate execution role pulls the image and writes the logs, which go
 * to a log group with retention encrypted with the PBC's key. A deployment that does not get
 * healthy rolls back (circuit breaker, and for public PBCs the 5xx and unhealthy-target alarms
 * too). It scales on what the business sees: backlog per task for consumers, requests per
 * target for public PBCs, CPU only for a PBC with neither. A `public` PBC gets a target group
 * and a path rule on the shared ALB listener.
 */
export class PbcService extends Construct {
  readonly service: CfnService;
  readonly taskDefinition: CfnTaskDefinition;
  readonly logGroup: CfnLogGroup;
  readonly targetGroup?: CfnTargetGroup;

  constructor(scope: Construct, id: string, props: PbcServiceProps) {
    super(scope, id);
    const { spec, platform } = props;
    const pbc = spec.name;
    const stack = Stack.of(this);

    const image = new CfnParameter(stack, 'ImageUri', {
      type: 'String',
      description: `Image of the ${pbc} service, by digest, from its ECR repository (the deploy workflow passes it)`,
      allowedPattern: `^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/${SERVICE_NAMES.repository(
        pbc,
      )}@sha256:[0-9a-f]{64}$`,
      constraintDescription: `an ECR image digest of the repository ${SERVICE_NAMES.repository(
        pbc,
      )}`,
    });
    const clusterName = Fn.importValue(SERVICE_NAMES.clusterNameExport);

    this.logGroup = new CfnLogGroup(this, 'LogGroup', {
      logGroupName: SERVICE_NAMES.logGroup(pbc),
      retentionInDays: spec.pciScope
        ? SERVICE.logRetentionDays.pci
        : SERVICE.logRetentionDays.other,
      kmsKeyId: props.key.attrArn,
    });
    const logGroupArn = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${
      Aws.ACCOUNT_ID
    }:log-group:${SERVICE_NAMES.logGroup(pbc)}`;
    allowLogsToUseKey(props.key, logGroupArn);

    const executionRole = new CfnRole(this, 'ExecutionRole', {
      roleName: SERVICE_NAMES.executionRole(pbc),
      path: iamPath(pbc),
      description: `PBC ${pbc}: ECS pulls the service image and writes its logs as this role`,
      permissionsBoundary: platform.permissionsBoundaryArn,
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
            },
          },
        ],
      },
    });
    const executionPolicy = new CfnManagedPolicy(this, 'ExecutionPolicy', {
      managedPolicyName: SERVICE_NAMES.executionPolicy(pbc),
      path: iamPath(pbc),
      description: `PBC ${pbc}: pull its own image, write its own log group`,
      roles: [executionRole.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EcrLogin',
            Effect: 'Allow',
            Action: ['ecr:GetAuthorizationToken'],
            Resource: '*',
          },
          {
            Sid: 'PullOwnImage',
            Effect: 'Allow',
            Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
            Resource: `arn:${Aws.PARTITION}:ecr:${Aws.REGION}:${
              Aws.ACCOUNT_ID
            }:repository/${SERVICE_NAMES.repository(pbc)}`,
          },
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${logGroupArn}:log-stream:*`,
          },
        ],
      },
    });
    acknowledge(executionPolicy, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken has no resource-level permissions (IAM service authorization reference); the pull itself is scoped to the PBC repository',
    });
    acknowledge(executionPolicy, {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:${SERVICE_NAMES.logGroup(
        pbc,
      )}:log-stream:*]`,
      reason:
        'ECS names each log stream after the task it starts (prefix/container/task id), so no stream name is known in advance; the statement is limited to the service log group',
    });

    const environment: Record<string, string> = {
      [SERVICE_ENV.pbc]: pbc,
      [SERVICE_ENV.port]: String(SERVICE_PORT),
      [SERVICE_ENV.region]: Aws.REGION,
      [SERVICE_ENV.queueWaitSeconds]: String(MESSAGING.receiveWaitSeconds),
      [SERVICE_ENV.queueVisibilityTimeoutSeconds]: String(
        MESSAGING.consumerTimeoutSeconds * 6,
      ),
      // A payment task's SDK clients call the CDE-local endpoints, which have no private DNS.
      ...platform.endpointUrls,
      ...props.environment,
    };
    this.taskDefinition = new CfnTaskDefinition(this, 'TaskDefinition', {
      family: SERVICE_NAMES.service(pbc),
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: SERVICE.cpu,
      memory: SERVICE.memory,
      runtimePlatform: {
        operatingSystemFamily: 'LINUX',
        cpuArchitecture: 'X86_64',
      },
      taskRoleArn: props.role.roleArn,
      executionRoleArn: executionRole.attrArn,
      containerDefinitions: [
        {
          name: CONTAINER,
          image: image.valueAsString,
          essential: true,
          // The image's `node` user; no root, no privilege, nothing written to the image.
          user: '1000',
          privileged: false,
          readonlyRootFilesystem: true,
          portMappings: [{ containerPort: SERVICE_PORT, protocol: 'tcp' }],
          environment: Object.entries(environment)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, value]) => ({ name, value })),
          stopTimeout: SERVICE.stopTimeoutSeconds,
          healthCheck: {
            command: [
              'CMD',
              'node',
              '-e',
              `fetch('http://127.0.0.1:${SERVICE_PORT}/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
            ],
            interval: 30,
            timeout: 5,
            retries: 3,
            startPeriod: SERVICE.healthCheckGraceSeconds,
          },
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': this.logGroup.ref,
              'awslogs-region': Aws.REGION,
              'awslogs-stream-prefix': CONTAINER,
            },
          },
        },
      ],
    });
    acknowledge(this.taskDefinition, {
      id: 'AwsSolutions-ECS2',
      reason:
        'The variables are resource names, URLs and ARNs of the PBC stack, none secret; credentials come from the task role at run time (PBC-IAM-06)',
    });

    let listenerRule: CfnListenerRule | undefined;
    if (spec.exposure === 'public') {
      this.targetGroup = new CfnTargetGroup(this, 'TargetGroup', {
        // No name: ALB target group names are limited to 32 characters.
        targetType: 'ip',
        protocol: 'HTTP',
        port: SERVICE_PORT,
        vpcId: platform.vpcId,
        healthCheckEnabled: true,
        healthCheckPath: '/health',
        healthCheckProtocol: 'HTTP',
        healthCheckIntervalSeconds: 10,
        healthCheckTimeoutSeconds: 5,
        healthyThresholdCount: 3,
        unhealthyThresholdCount: 2,
        matcher: { httpCode: '200' },
        targetGroupAttributes: [
          {
            key: 'deregistration_delay.timeout_seconds',
            value: String(SERVICE.deregistrationDelaySeconds),
          },
          {
            key: 'slow_start.duration_seconds',
            value: String(SERVICE.slowStartSeconds),
          },
        ],
      });
      listenerRule = new CfnListenerRule(this, 'ListenerRule', {
        listenerArn: Fn.importValue(SERVICE_NAMES.albListenerArnExport),
        priority: listenerRulePriority(pbc),
        conditions: [
          {
            field: 'path-pattern',
            pathPatternConfig: { values: listenerPathPatterns(pbc) },
          },
        ],
        actions: [{ type: 'forward', targetGroupArn: this.targetGroup.ref }],
      });
    }

    const alarms = this.alarms(props, clusterName);

    this.service = new CfnService(this, 'Resource', {
      serviceName: SERVICE_NAMES.service(pbc),
      cluster: clusterName,
      taskDefinition: this.taskDefinition.ref,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      desiredCount: taskCount(spec).min,
      deploymentConfiguration: {
        // A single-task consumer is replaced stop-first: two tasks with separate memories
        // would not recognise each other's events; the queue holds messages meanwhile.
        minimumHealthyPercent: singleTask(spec) ? 0 : 100,
        maximumPercent: singleTask(spec) ? 100 : 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        ...(alarms.deployment.length > 0
          ? {
              alarms: {
                enable: true,
                rollback: true,
                alarmNames: alarms.deployment,
              },
            }
          : {}),
      },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: platform.subnetIds,
          securityGroups: [props.securityGroupId],
          assignPublicIp: 'DISABLED',
        },
      },
      ...(this.targetGroup
        ? {
            loadBalancers: [
              {
                containerName: CONTAINER,
                containerPort: SERVICE_PORT,
                targetGroupArn: this.targetGroup.ref,
              },
            ],
            healthCheckGracePeriodSeconds: SERVICE.healthCheckGraceSeconds,
          }
        : {}),
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      enableExecuteCommand: false,
    });
    if (listenerRule) {
      // ECS refuses a target group that no listener forwards to yet.
      this.service.addResourceDependency(listenerRule);
    }
    for (const alarm of alarms.all) {
      this.service.addResourceDependency(alarm);
    }

    this.autoscaling(props, clusterName);
  }

  /** Alarms with an action on the platform's alarm topic (PBC-OBS-05). */
  private alarms(
    props: PbcServiceProps,
    clusterName: string,
  ): { all: CfnAlarm[]; deployment: string[] } {
    const pbc = props.spec.name;
    const actions = {
      alarmActions: [props.platform.alarmTopicArn],
      okActions: [props.platform.alarmTopicArn],
    };
    const all: CfnAlarm[] = [];
    const deployment: string[] = [];

    // Container Insights (the platform's cluster has it on) counts the running tasks; no data
    // means no task reports, which is as bad as none running.
    all.push(
      new CfnAlarm(this, 'NoRunningTaskAlarm', {
        alarmName: SERVICE_NAMES.alarm(pbc, 'no-running-task'),
        alarmDescription: `PBC ${pbc}: no task of its service has been running for 3 minutes`,
        namespace: 'ECS/ContainerInsights',
        metricName: 'RunningTaskCount',
        dimensions: [
          { name: 'ClusterName', value: clusterName },
          { name: 'ServiceName', value: SERVICE_NAMES.service(pbc) },
        ],
        statistic: 'Minimum',
        period: 60,
        evaluationPeriods: 3,
        threshold: 1,
        comparisonOperator: 'LessThanThreshold',
        treatMissingData: 'breaching',
        ...actions,
      }),
    );

    if (this.targetGroup) {
      const loadBalancer = albFullName();
      const targetDimensions = [
        { name: 'LoadBalancer', value: loadBalancer },
        {
          name: 'TargetGroup',
          value: this.targetGroup.attrTargetGroupFullName,
        },
      ];
      const unhealthy = new CfnAlarm(this, 'UnhealthyTargetsAlarm', {
        alarmName: SERVICE_NAMES.alarm(pbc, 'unhealthy-targets'),
        alarmDescription: `PBC ${pbc}: a target has failed its /health check for 2 minutes`,
        namespace: 'AWS/ApplicationELB',
        metricName: 'UnHealthyHostCount',
        dimensions: targetDimensions,
        statistic: 'Maximum',
        period: 60,
        evaluationPeriods: 2,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
        ...actions,
      });
      const errors = new CfnAlarm(this, 'ServerErrorsAlarm', {
        alarmName: SERVICE_NAMES.alarm(pbc, '5xx'),
        alarmDescription: `PBC ${pbc}: its service answered more than 10 5xx a minute for 3 minutes`,
        namespace: 'AWS/ApplicationELB',
        metricName: 'HTTPCode_Target_5XX_Count',
        dimensions: targetDimensions,
        statistic: 'Sum',
        period: 60,
        evaluationPeriods: 3,
        threshold: 10,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
        ...actions,
      });
      all.push(unhealthy, errors);
      deployment.push(
        SERVICE_NAMES.alarm(pbc, 'unhealthy-targets'),
        SERVICE_NAMES.alarm(pbc, '5xx'),
      );
    }
    return { all, deployment };
  }

  /**
   * Target tracking on business metrics (article 05): backlog per task for a consumer (the
   * visible messages of all its queues over the running tasks, by metric math), requests per
   * target for a public PBC; ECS scales out when either asks. CPU only when there is neither.
   */
  private autoscaling(props: PbcServiceProps, clusterName: string): void {
    const serviceName = SERVICE_NAMES.service(props.spec.name);
    const target = new CfnScalableTarget(this, 'ScalableTarget', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: Fn.join('/', ['service', clusterName, serviceName]),
      minCapacity: taskCount(props.spec).min,
      maxCapacity: taskCount(props.spec).max,
    });
    target.addResourceDependency(this.service);
    // The resource takes tags, but this CDK's L1 has no tag manager for it: Tags.of skips it.
    target.addPropertyOverride('Tags', [
      { Key: TAG_KEYS.pbc, Value: props.spec.name },
      { Key: TAG_KEYS.owner, Value: props.spec.owner },
      { Key: TAG_KEYS.system, Value: props.spec.system },
      ...(props.spec.pciScope
        ? [{ Key: TAG_KEYS.pciScope, Value: 'true' }]
        : []),
    ]);
    const cooldowns = { scaleOutCooldown: 60, scaleInCooldown: 300 };

    if (props.consumedQueues.length > 0) {
      const queues = props.consumedQueues.map((queue, index) => ({
        id: `q${index}`,
        metricStat: {
          metric: {
            namespace: 'AWS/SQS',
            metricName: 'ApproximateNumberOfMessagesVisible',
            dimensions: [{ name: 'QueueName', value: queue.queueName }],
          },
          stat: 'Sum',
        },
        returnData: false,
      }));
      new CfnScalingPolicy(this, 'BacklogPerTaskScaling', {
        policyName: `${serviceName}-backlog-per-task`,
        policyType: 'TargetTrackingScaling',
        scalingTargetId: target.ref,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: SERVICE.backlogPerTaskTarget,
          ...cooldowns,
          customizedMetricSpecification: {
            metrics: [
              ...queues,
              {
                id: 'tasks',
                metricStat: {
                  metric: {
                    namespace: 'ECS/ContainerInsights',
                    metricName: 'RunningTaskCount',
                    dimensions: [
                      { name: 'ClusterName', value: clusterName },
                      { name: 'ServiceName', value: serviceName },
                    ],
                  },
                  stat: 'Average',
                },
                returnData: false,
              },
              {
                id: 'backlogPerTask',
                label: 'Visible messages per running task',
                expression: `(${queues.map(q => q.id).join(' + ')}) / tasks`,
                returnData: true,
              },
            ],
          },
        },
      });
    }
    if (this.targetGroup) {
      new CfnScalingPolicy(this, 'RequestsPerTargetScaling', {
        policyName: `${serviceName}-requests-per-target`,
        policyType: 'TargetTrackingScaling',
        scalingTargetId: target.ref,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: SERVICE.requestsPerTargetTarget,
          ...cooldowns,
          predefinedMetricSpecification: {
            predefinedMetricType: 'ALBRequestCountPerTarget',
            resourceLabel: Fn.join('/', [
              albFullName(),
              this.targetGroup.attrTargetGroupFullName,
            ]),
          },
        },
      });
    }
    if (props.consumedQueues.length === 0 && !this.targetGroup) {
      new CfnScalingPolicy(this, 'CpuScaling', {
        policyName: `${serviceName}-cpu`,
        policyType: 'TargetTrackingScaling',
        scalingTargetId: target.ref,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: 60,
          ...cooldowns,
          predefinedMetricSpecification: {
            predefinedMetricType: 'ECSServiceAverageCPUUtilization',
          },
        },
      });
    }
  }
}
// --8<-- [end:pbc-ecs-service]

/**
 * `app/<name>/<id>` of the shared ALB, the CloudWatch dimension, cut from the listener's ARN
 * (`arn:…:listener/app/<name>/<id>/<listener-id>`): one export fewer to keep in step.
 */
function albFullName(): string {
  const parts = Fn.split(
    '/',
    Fn.importValue(SERVICE_NAMES.albListenerArnExport),
  );
  return Fn.join('/', [
    Fn.select(1, parts),
    Fn.select(2, parts),
    Fn.select(3, parts),
  ]);
}
