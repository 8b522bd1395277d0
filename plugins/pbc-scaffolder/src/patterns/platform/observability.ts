/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { Aws, CfnResource } from 'aws-cdk-lib';
import { CfnTrail } from 'aws-cdk-lib/aws-cloudtrail';
import {
  CfnConfigurationRecorder,
  CfnDeliveryChannel,
} from 'aws-cdk-lib/aws-config';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnSubscription, CfnTopic, CfnTopicPolicy } from 'aws-cdk-lib/aws-sns';
import { CfnQueue, CfnQueuePolicy } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONTROLS, PLATFORM_NAMES } from '@pbc-portal/pbc-domain';

/**
 * Read-heavy or data-plane events some detections name with a condition (`when`); forwarding
 * every one would flood the queue, so the dashboard reads them from CloudTrail instead.
 */
const NOT_FORWARDED = new Set(['Decrypt', 'GenerateDataKey', 'GetSecretValue']);

/**
 * The `AWS API Call via CloudTrail` pattern: every event source and event name the controls
 * catalog's detections list (a wildcard source, which would forward everything, is left to the
 * dashboard's CloudTrail reads). Sources and names are matched independently, which forwards a
 * few more events than the catalog names; the dashboard matches each against the catalog.
 */
export function riskyApiCallPattern() {
  const sources = new Set<string>();
  const names = new Set<string>();
  for (const control of CONTROLS) {
    for (const signal of control.detection?.cloudTrail ?? []) {
      if (signal.eventSource === '*' || signal.eventNames.includes('*')) {
        continue;
      }
      sources.add(signal.eventSource);
      signal.eventNames
        .filter(name => !NOT_FORWARDED.has(name))
        .forEach(name => names.add(name));
    }
  }
  return {
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: {
      eventSource: [...sources].sort(),
      eventName: [...names].sort(),
    },
  };
}

export const CONFIG_COMPLIANCE_PATTERN = {
  source: ['aws.config'],
  'detail-type': ['Config Rules Compliance Change'],
};

export interface PlatformObservabilityProps {
  accountId: string;
  region: string;
  isPrimaryRegion: boolean;
  keyArn: string;
  logBucket: string;
  /** The log bucket's policy: CloudTrail and Config check it when they are created. */
  logBucketPolicy: CfnResource;
  alarmEmail?: string;
}

function tlsOnly(action: string | string[], resource: string) {
  return {
    Sid: 'DenyWithoutTls',
    Effect: 'Deny',
    Principal: '*',
    Action: action,
    Resource: resource,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * What the platform sees and tells: the alarm topic PBC alarms page, AWS Config recording
 * every resource, CloudTrail (in the primary Region, for all Regions), and EventBridge
 * forwarding compliance changes and risky API calls to the dashboard's queue.
 */
export class PlatformObservability extends Construct {
  readonly alarmTopic: CfnTopic;
  readonly complianceQueue: CfnQueue;

  constructor(scope: Construct, id: string, props: PlatformObservabilityProps) {
    super(scope, id);
    const account = Aws.ACCOUNT_ID;

    // --8<-- [start:platform-alarm-topic]
    this.alarmTopic = new CfnTopic(this, 'AlarmTopic', {
      topicName: PLATFORM_NAMES.alarmTopic,
      displayName: 'PBC platform alarms',
      kmsMasterKeyId: props.keyArn,
    });
    new CfnTopicPolicy(this, 'AlarmTopicPolicy', {
      topics: [this.alarmTopic.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          tlsOnly(['sns:Publish', 'sns:Subscribe'], this.alarmTopic.ref),
          {
            Sid: 'AlarmsOfThisAccountPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: this.alarmTopic.ref,
            Condition: { StringEquals: { 'aws:SourceAccount': account } },
          },
        ],
      },
    });
    if (props.alarmEmail) {
      new CfnSubscription(this, 'AlarmEmail', {
        topicArn: this.alarmTopic.ref,
        protocol: 'email',
        endpoint: props.alarmEmail,
      });
    }
    // --8<-- [end:platform-alarm-topic]

    // --8<-- [start:platform-config-recorder]
    // A role per Region (IAM is global, the recorder is not); AWS_ConfigRole is the
    // AWS-maintained list of the read calls Config makes, which grows with new resource types.
    const recorderRole = new CfnRole(this, 'ConfigRecorderRole', {
      roleName: `platform-config-recorder-${props.region}`,
      description: 'AWS Config recorder of the platform',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': account } },
          },
        ],
      },
      managedPolicyArns: [
        `arn:${Aws.PARTITION}:iam::aws:policy/service-role/AWS_ConfigRole`,
      ],
    });
    const recorder = new CfnConfigurationRecorder(this, 'ConfigRecorder', {
      name: PLATFORM_NAMES.configRecorder,
      roleArn: recorderRole.attrArn,
      recordingGroup: {
        allSupported: true,
        // Global resources (IAM) are recorded once, in the primary Region.
        includeGlobalResourceTypes: props.isPrimaryRegion,
      },
    });
    const channel = new CfnDeliveryChannel(this, 'ConfigDeliveryChannel', {
      name: PLATFORM_NAMES.configRecorder,
      s3BucketName: props.logBucket,
      s3KeyPrefix: 'config',
      configSnapshotDeliveryProperties: {
        deliveryFrequency: 'TwentyFour_Hours',
      },
    });
    channel.addResourceDependency(recorder);
    channel.addResourceDependency(props.logBucketPolicy);
    // --8<-- [end:platform-config-recorder]

    if (props.isPrimaryRegion) {
      this.trail(props);
    }

    // --8<-- [start:platform-compliance-events]
    // The compliance dashboard's feed: Config compliance changes and the risky API calls the
    // controls catalog names, as they happen, instead of polling for them.
    const deadLetter = new CfnQueue(this, 'ComplianceEventsDlq', {
      queueName: PLATFORM_NAMES.complianceEventsDeadLetterQueue,
      kmsMasterKeyId: props.keyArn,
      messageRetentionPeriod: 1_209_600,
    });
    this.complianceQueue = new CfnQueue(this, 'ComplianceEvents', {
      queueName: PLATFORM_NAMES.complianceEventsQueue,
      kmsMasterKeyId: props.keyArn,
      messageRetentionPeriod: 1_209_600,
      receiveMessageWaitTimeSeconds: 20,
      redrivePolicy: {
        deadLetterTargetArn: deadLetter.attrArn,
        maxReceiveCount: 5,
      },
    });
    const rules = [
      new CfnRule(this, 'ConfigComplianceChanges', {
        name: 'platform-config-compliance-changes',
        description:
          'Config rule compliance changes, to the compliance dashboard',
        eventPattern: CONFIG_COMPLIANCE_PATTERN,
        targets: [{ id: 'dashboard', arn: this.complianceQueue.attrArn }],
      }),
      new CfnRule(this, 'RiskyApiCalls', {
        name: 'platform-risky-api-calls',
        description:
          'API calls the controls catalog flags, to the compliance dashboard',
        eventPattern: riskyApiCallPattern(),
        targets: [{ id: 'dashboard', arn: this.complianceQueue.attrArn }],
      }),
    ];
    new CfnQueuePolicy(this, 'ComplianceEventsPolicy', {
      queues: [this.complianceQueue.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          tlsOnly('sqs:*', this.complianceQueue.attrArn),
          {
            Sid: 'PlatformRulesSend',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: this.complianceQueue.attrArn,
            Condition: {
              ArnEquals: { 'aws:SourceArn': rules.map(r => r.attrArn) },
            },
          },
        ],
      },
    });
    new CfnQueuePolicy(this, 'ComplianceEventsDlqPolicy', {
      queues: [deadLetter.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [tlsOnly('sqs:*', deadLetter.attrArn)],
      },
    });
    // --8<-- [end:platform-compliance-events]
  }

  // --8<-- [start:platform-cloudtrail]
  /** One trail for every Region of the account (PBC-OBS-01 to PBC-OBS-04). */
  private trail(props: PlatformObservabilityProps) {
    const logGroup = new CfnLogGroup(this, 'TrailLogGroup', {
      logGroupName: '/platform/cloudtrail',
      retentionInDays: 400,
      kmsKeyId: props.keyArn,
    });
    const role = new CfnRole(this, 'TrailLogsRole', {
      roleName: 'platform-cloudtrail-logs',
      description: 'CloudTrail: delivers the trail to CloudWatch Logs',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
            },
          },
        ],
      },
      policies: [
        {
          policyName: 'deliver-to-log-group',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                Resource: `${logGroup.attrArn}`,
              },
            ],
          },
        },
      ],
    });
    const trail = new CfnTrail(this, 'Trail', {
      trailName: PLATFORM_NAMES.trail,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: props.keyArn,
      s3BucketName: props.logBucket,
      s3KeyPrefix: 'cloudtrail',
      cloudWatchLogsLogGroupArn: logGroup.attrArn,
      cloudWatchLogsRoleArn: role.attrArn,
    });
    trail.addResourceDependency(props.logBucketPolicy);
  }
  // --8<-- [end:platform-cloudtrail]
}
