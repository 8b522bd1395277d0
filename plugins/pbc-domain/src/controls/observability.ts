import { defineControls, own } from './define';

/** The observability family: CloudTrail, CloudWatch, GuardDuty, Security Hub. In id order. */
export const observabilityControls = defineControls([
  {
    id: 'PBC-OBS-01',
    title: 'CloudTrail records every Region',
    family: 'observability',
    severity: 'critical',
    description:
      'An organisation trail logs management events in all Regions to the log archive account. Attackers favour Regions nobody watches, and the dashboard reads its risk signals from this trail.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::CloudTrail::Trail'],
    prevention: {
      pattern:
        'The platform baseline deploys one multi-Region organisation trail; PBC stacks never create trails.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['StopLogging', 'DeleteTrail'],
          why: 'Audit logging was stopped or the trail deleted.',
        },
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['UpdateTrail', 'PutEventSelectors'],
          when: 'trail-weakened',
          why: 'The trail was narrowed.',
        },
      ],
    },
    remediation:
      'Restart logging or restore the trail from the baseline stack and treat the gap as a security incident.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'cloudtrail-as-incident-response-infrastructure',
    },
  },
  {
    id: 'PBC-OBS-02',
    title: 'CloudTrail log file validation is on',
    family: 'observability',
    severity: 'high',
    description:
      'The trail writes signed digest files so anyone can prove a log file was not altered or removed after delivery. Evidence for an incident or an audit needs that proof.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::CloudTrail::Trail'],
    prevention: {
      pattern: 'The baseline trail sets EnableLogFileValidation=true.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['UpdateTrail'],
          when: 'trail-weakened',
          why: 'Log file validation may have been turned off.',
        },
      ],
    },
    remediation:
      'Enable log file validation on the trail; digests start from now.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'cloudtrail-as-incident-response-infrastructure',
    },
  },
  {
    id: 'PBC-OBS-03',
    title: 'CloudTrail logs are encrypted with KMS',
    family: 'observability',
    severity: 'high',
    description:
      'Trail logs are encrypted with a KMS key owned by the log archive account. Reading the audit log then needs a separate key grant, which the people being audited do not have.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::CloudTrail::Trail', 'AWS::KMS::Key'],
    prevention: {
      pattern: 'The baseline trail sets KMSKeyId to the log archive key.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['UpdateTrail'],
          when: 'trail-weakened',
          why: 'The trail’s KMS key may have been removed.',
        },
      ],
    },
    remediation: 'Set the trail’s KMS key back from the baseline stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'cloudtrail-as-incident-response-infrastructure',
    },
  },
  {
    id: 'PBC-OBS-04',
    title: 'CloudTrail feeds CloudWatch Logs',
    family: 'observability',
    severity: 'medium',
    description:
      'The trail delivers to a CloudWatch Logs group with metric filters and alarms for root use, policy changes and console sign-in without MFA. S3 delivery alone is too slow to react to.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::CloudTrail::Trail', 'AWS::Logs::LogGroup'],
    prevention: {
      pattern:
        'The baseline trail sets CloudWatchLogsLogGroupArn and the security alarms are deployed with it.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['UpdateTrail'],
          when: 'trail-weakened',
          why: 'CloudWatch Logs delivery may have been removed.',
        },
      ],
    },
    remediation:
      'Restore CloudWatch Logs delivery and the security metric filters from the baseline stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'cloudtrail-as-incident-response-infrastructure',
    },
  },
  {
    id: 'PBC-OBS-05',
    title: 'Alarms notify someone',
    family: 'observability',
    severity: 'medium',
    description:
      'Every CloudWatch alarm, including the business-metric alarms each PBC ships (orders per minute, payment failures), has an action on the owning team’s notification topic. An alarm without an action is a graph.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudWatch::Alarm'],
    prevention: {
      pattern:
        'The scaffolder renders the PBC’s business-metric alarms from the spec, each with an AlarmActions entry on the team topic.',
      checks: [own('PBC-OBS-05')],
    },
    detection: {
      configRule: { identifier: 'CLOUDWATCH_ALARM_ACTION_CHECK' },
      cloudTrail: [
        {
          eventSource: 'monitoring.amazonaws.com',
          eventNames: ['DisableAlarmActions', 'DeleteAlarms'],
          why: 'Alarm actions were disabled or alarms deleted.',
        },
      ],
    },
    remediation:
      'Add the team topic as the alarm action in the spec and re-render.',
    guidance: {
      article: '05-elasticity',
      anchor: 'business-metrics-and-alarms',
    },
  },
  {
    id: 'PBC-OBS-06',
    title: 'Log groups keep logs for a year',
    family: 'observability',
    severity: 'medium',
    description:
      'PBC log groups set a retention of at least 365 days. PCI DSS asks for a year of audit history, and investigations routinely reach back months.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::Logs::LogGroup'],
    prevention: {
      pattern:
        'Generated log groups set RetentionInDays from the spec, 365 minimum.',
      checks: [own('PBC-OBS-06')],
    },
    detection: {
      configRule: {
        identifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK',
        inputParameters: { MinRetentionTime: '365' },
      },
      cloudTrail: [
        {
          eventSource: 'logs.amazonaws.com',
          eventNames: ['PutRetentionPolicy'],
          when: 'retention-below-minimum',
          why: 'A log group’s retention was shortened below the minimum.',
        },
        {
          eventSource: 'logs.amazonaws.com',
          eventNames: ['DeleteLogGroup'],
          why: 'A log group and its history were deleted.',
        },
      ],
    },
    remediation:
      'Set the retention back to at least 365 days in the spec and re-render.',
    guidance: { article: '05-elasticity', anchor: 'keeping-logs-long-enough' },
  },
  {
    id: 'PBC-OBS-07',
    title: 'Log groups are encrypted with KMS',
    family: 'observability',
    severity: 'medium',
    description:
      'PBC log groups are encrypted with the PBC’s KMS key. Application logs end up holding order ids, emails and sometimes more than they should.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::Logs::LogGroup'],
    prevention: {
      pattern:
        'Generated log groups set KmsKeyId to the PBC’s key; the key policy grants logs.<region>.amazonaws.com.',
      checks: [own('PBC-OBS-07')],
    },
    detection: {
      configRule: { identifier: 'CLOUDWATCH_LOG_GROUP_ENCRYPTED' },
      cloudTrail: [
        {
          eventSource: 'logs.amazonaws.com',
          eventNames: ['DisassociateKmsKey'],
          why: 'A log group’s KMS key was removed.',
        },
      ],
    },
    remediation:
      'Associate the PBC’s key with the log group (logs associate-kms-key) through the stack.',
    guidance: { article: '05-elasticity', anchor: 'keeping-logs-long-enough' },
  },
  {
    id: 'PBC-OBS-08',
    title: 'GuardDuty is on in every account and Region',
    family: 'observability',
    severity: 'high',
    description:
      'GuardDuty is enabled everywhere and reports to the security account. It catches credential misuse and crypto-mining that no static control can.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::GuardDuty::Detector'],
    prevention: {
      pattern:
        'The security account auto-enables GuardDuty for all organisation members and Regions.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'GUARDDUTY_ENABLED_CENTRALIZED' },
      cloudTrail: [
        {
          eventSource: 'guardduty.amazonaws.com',
          eventNames: [
            'DeleteDetector',
            'DisassociateFromAdministratorAccount',
          ],
          why: 'GuardDuty was removed or cut off from the security account.',
        },
        {
          eventSource: 'guardduty.amazonaws.com',
          eventNames: ['UpdateDetector'],
          when: 'detector-disabled',
          why: 'GuardDuty was suspended.',
        },
      ],
    },
    remediation:
      'Re-enable the detector from the security account and review findings across the gap.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'threat-detection-with-guardduty-and-security-hub',
    },
  },
  {
    id: 'PBC-OBS-09',
    title: 'Security Hub collects findings',
    family: 'observability',
    severity: 'medium',
    description:
      'Security Hub is enabled in every account and aggregates GuardDuty, Config and Inspector findings in the security account. One queue of findings is what makes a small security team workable across many PBCs.',
    scope: 'all',
    level: 'account',
    resourceTypes: [],
    prevention: {
      pattern:
        'The security account enables Security Hub organisation-wide with cross-Region aggregation.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'SECURITYHUB_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'securityhub.amazonaws.com',
          eventNames: ['DisableSecurityHub'],
          why: 'Security Hub was disabled in an account.',
        },
      ],
    },
    remediation:
      'Re-enable Security Hub from the security account’s organisation configuration.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'threat-detection-with-guardduty-and-security-hub',
    },
  },
]);
