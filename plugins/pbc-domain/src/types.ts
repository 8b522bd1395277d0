/**
 * The seven families of the reference architecture. Each maps to the
 * three-letter-ish code used in control ids (see {@link FAMILY_CODES}).
 *
 * - identity: IAM, credentials, instance metadata, secrets
 * - network: VPC topology, security groups, NACLs, endpoints, flow logs
 * - messaging: SQS, SNS, Kinesis between PBCs
 * - data: databases, caches, object storage, encryption keys
 * - edge: traffic entry and elasticity (CloudFront, WAF, Route 53, ALB,
 *   Auto Scaling)
 * - observability: CloudTrail, CloudWatch, GuardDuty, Security Hub
 * - governance: Config, tagging, deployment contract, data residency, PCI
 *   scope
 *
 * @public
 */
export type ControlFamily =
  | 'identity'
  | 'network'
  | 'messaging'
  | 'data'
  | 'edge'
  | 'observability'
  | 'governance';

/** @public */
export type FamilyCode =
  | 'IAM'
  | 'NET'
  | 'MSG'
  | 'DATA'
  | 'EDGE'
  | 'OBS'
  | 'GOV';

/**
 * Code used in control ids for each family, e.g. `PBC-MSG-01`.
 *
 * @public
 */
export const FAMILY_CODES: Readonly<Record<ControlFamily, FamilyCode>> = {
  identity: 'IAM',
  network: 'NET',
  messaging: 'MSG',
  data: 'DATA',
  edge: 'EDGE',
  observability: 'OBS',
  governance: 'GOV',
};

/** Families in the order the docs and dashboard present them. @public */
export const CONTROL_FAMILIES: readonly ControlFamily[] = [
  'identity',
  'network',
  'messaging',
  'data',
  'edge',
  'observability',
  'governance',
];

/** @public */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Severities from worst to least bad, for sorting and scoring. @public */
export const SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
];

/** Slugs of the 14 articles, which are also their TechDocs page paths. @public */
export type ArticleSlug =
  | '01-global-infrastructure'
  | '02-s3-glacier'
  | '03-ec2-ebs'
  | '04-vpc-design'
  | '05-elasticity'
  | '06-iam'
  | '07-databases'
  | '08-messaging'
  | '09-route-53'
  | '10-elasticache'
  | '11-infrastructure-glue'
  | '12-security-architecture'
  | '13-compliance'
  | '14-architecture-principles';

/**
 * Where a control applies.
 *
 * - `all`: every PBC.
 * - `pci`: only PBCs whose spec sets `pciScope: true` (payment and anything
 *   that touches card data before tokenisation).
 *
 * @public
 */
export type ControlScope = 'all' | 'pci';

/**
 * What a control is evaluated against.
 *
 * - `pbc`: resources a PBC's stack owns (found by the `pbc` tag); goes into
 *   the per-PBC conformance pack and findings are attributed to the PBC.
 * - `account`: account or Region settings the platform team owns (root user,
 *   CloudTrail, GuardDuty, ...); goes into the platform conformance pack and
 *   findings are attributed to the platform, not to a PBC.
 *
 * @public
 */
export type ControlLevel = 'pbc' | 'account';

/** @public */
export type CheckTool = 'cdk-nag' | 'cfn-lint' | 'guard' | 'pbc-portal';

/**
 * A static check that proves the generated infrastructure holds the control.
 *
 * - cdk-nag: an `AwsSolutions-*` rule id.
 * - cfn-lint: a cfn-lint rule id such as `W1011`.
 * - guard: a CloudFormation Guard rule name.
 * - pbc-portal: our own check in the scaffolder; `rule` equals the control id.
 *
 * @public
 */
export interface PreventionCheck {
  tool: CheckTool;
  rule: string;
}

/** @public */
export interface Prevention {
  /** What the generated infrastructure does so that the control holds. */
  pattern: string;
  /** Static checks run on the synthesized template. May be empty for account-level baselines. */
  checks: PreventionCheck[];
}

/**
 * A reference to an AWS Config managed rule.
 *
 * Values of `inputParameters` are strings as AWS Config expects them. A value
 * of the form `${Name}` is a placeholder the conformance pack emitter must
 * replace with a template parameter (it is not a literal).
 *
 * @public
 */
export interface ConfigRuleRef {
  /** The managed rule identifier, e.g. `DYNAMODB_PITR_ENABLED`. */
  identifier: string;
  inputParameters?: Record<string, string>;
  /**
   * Restricts the rule to resources carrying this tag, for controls that only
   * concern a class of resources (e.g. compliance-record buckets).
   */
  tagScope?: { key: string; value?: string };
}

/**
 * Named predicates over a CloudTrail record that turn a noisy event name into
 * a risk signal. The backend implements each one; a signal without a
 * predicate fires on every matching event. What each predicate means is in
 * {@link RISK_PREDICATE_DESCRIPTIONS}; unless stated there, it reads the
 * record's `requestParameters`.
 *
 * @public
 */
export type RiskPredicate =
  | 'root-identity'
  | 'console-login-without-mfa'
  | 'policy-grants-wildcard'
  | 'admin-policy-attached'
  | 'aws-managed-policy-attached'
  | 'role-without-permissions-boundary'
  | 'resource-policy-allows-any-principal'
  | 'secure-transport-deny-missing'
  | 'ingress-open-to-world'
  | 'ssh-or-rdp-port'
  | 'targets-default-security-group'
  | 'instance-has-key-pair'
  | 'imds-v1-allowed'
  | 'public-ip-requested'
  | 'route-to-internet-gateway'
  | 'nacl-allows-world'
  | 'auto-accept-attachments-enabled'
  | 'bucket-made-public'
  | 'versioning-suspended'
  | 'object-lock-weakened'
  | 'kms-encryption-absent'
  | 'redrive-policy-removed'
  | 'queue-not-fifo'
  | 'pitr-disabled'
  | 'multi-az-disabled'
  | 'deletion-protection-disabled'
  | 'made-publicly-accessible'
  | 'snapshot-shared-publicly'
  | 'backups-disabled'
  | 'tls-not-required'
  | 'failover-disabled'
  | 'logging-disabled'
  | 'header-validation-disabled'
  | 'plain-http-listener'
  | 'viewer-allows-http'
  | 'web-acl-detached'
  | 'web-acl-rules-removed'
  | 'routing-record-without-health-check'
  | 'ec2-health-check-only'
  | 'single-availability-zone'
  | 'trail-weakened'
  | 'retention-below-minimum'
  | 'detector-disabled'
  | 'pbc-tag-removed'
  | 'outside-approved-regions'
  | 'pci-resource-from-non-pci-principal'
  | 'erasure-subscription-removed';

/**
 * What each {@link RiskPredicate} tests, for implementers and for tooltips.
 * Typed as a full record so that adding a predicate without describing it
 * fails to compile.
 *
 * @public
 */
export const RISK_PREDICATE_DESCRIPTIONS: Readonly<
  Record<RiskPredicate, string>
> = {
  'root-identity': '`userIdentity.type` is `Root`.',
  'console-login-without-mfa':
    'ConsoleLogin succeeded and `additionalEventData.MFAUsed` is `No`.',
  'policy-grants-wildcard':
    'A policy document (inline, managed or version) has an Allow statement whose Action is `*` or `<service>:*`.',
  'admin-policy-attached':
    'AttachRolePolicy/AttachUserPolicy/AttachGroupPolicy with `policyArn` ending in `:policy/AdministratorAccess`.',
  'aws-managed-policy-attached':
    'An Attach*Policy call whose `policyArn` is AWS managed (`arn:<partition>:iam::aws:policy/...`).',
  'role-without-permissions-boundary':
    'CreateRole for a role path or tag of a PBC without `permissionsBoundary`.',
  'resource-policy-allows-any-principal':
    'A resource policy (queue, topic, key, bucket) has an Allow statement with Principal `*` and no narrowing Condition.',
  'secure-transport-deny-missing':
    'A resource policy or attribute update leaves no Deny statement on `aws:SecureTransport` = `false`.',
  'ingress-open-to-world':
    'Security group ingress (AuthorizeSecurityGroupIngress, ModifySecurityGroupRules) from `0.0.0.0/0` or `::/0`.',
  'ssh-or-rdp-port':
    'Security group ingress whose port range includes 22 or 3389, from any source.',
  'targets-default-security-group':
    "The security group in the request is the VPC's default security group (`groupName` `default` or a known default id).",
  'instance-has-key-pair':
    'RunInstances or a launch template sets a `keyName`.',
  'imds-v1-allowed':
    'RunInstances/ModifyInstanceMetadataOptions/launch template leaves `httpTokens` other than `required`.',
  'public-ip-requested':
    'RunInstances with `associatePublicIpAddress` true, or ModifySubnetAttribute turning `mapPublicIpOnLaunch` on.',
  'route-to-internet-gateway':
    'CreateRoute/ReplaceRoute with a `gatewayId` starting `igw-` (the backend limits this to route tables of pci PBCs).',
  'nacl-allows-world':
    'CreateNetworkAclEntry/ReplaceNetworkAclEntry: inbound allow from `0.0.0.0/0` or `::/0`.',
  'auto-accept-attachments-enabled':
    'ModifyTransitGateway sets `autoAcceptSharedAttachments` to `enable`.',
  'bucket-made-public':
    'S3 PutBucketPolicy/PutBucketAcl granting `*` or AllUsers/AuthenticatedUsers, or a public access block turned off.',
  'versioning-suspended': 'PutBucketVersioning with status `Suspended`.',
  'object-lock-weakened':
    'PutObjectLockConfiguration moving away from COMPLIANCE mode or shortening retention, or a request with `x-amz-bypass-governance-retention`.',
  'kms-encryption-absent':
    'A create or update that leaves the resource without customer-managed KMS encryption: SQS/SNS `KmsMasterKeyId` empty or absent, DynamoDB `sSESpecification.enabled` false, RDS `storageEncrypted` false, ElastiCache `atRestEncryptionEnabled` false, S3 PutBucketEncryption with `AES256`.',
  'redrive-policy-removed':
    'SetQueueAttributes with an empty or removed `RedrivePolicy`.',
  'queue-not-fifo':
    'CreateQueue without `FifoQueue` = `true` (the backend limits this to pci PBCs).',
  'pitr-disabled':
    'UpdateContinuousBackups with `pointInTimeRecoveryEnabled` false.',
  'multi-az-disabled': 'ModifyDBInstance with `multiAZ` false.',
  'deletion-protection-disabled':
    'ModifyDBInstance/ModifyDBCluster with `deletionProtection` false.',
  'made-publicly-accessible':
    'RDS or Redshift modify/create with `publiclyAccessible` true.',
  'snapshot-shared-publicly':
    'ModifyDBSnapshotAttribute/ModifyDBClusterSnapshotAttribute adding `all` to the `restore` attribute.',
  'backups-disabled':
    'ModifyDBInstance/ModifyDBCluster with `backupRetentionPeriod` 0.',
  'tls-not-required':
    'ElastiCache modify with `transitEncryptionEnabled` false or `transitEncryptionMode` `preferred`.',
  'failover-disabled':
    'ModifyReplicationGroup with `automaticFailoverEnabled` or `multiAZEnabled` false.',
  'logging-disabled':
    'ModifyLoadBalancerAttributes setting `access_logs.s3.enabled` false, or UpdateDistribution with logging disabled.',
  'header-validation-disabled':
    'ModifyLoadBalancerAttributes setting `routing.http.drop_invalid_header_fields.enabled` false.',
  'plain-http-listener':
    'CreateListener/ModifyListener with protocol HTTP whose default action is not a redirect to HTTPS.',
  'viewer-allows-http':
    'UpdateDistribution/CreateDistribution with a `viewerProtocolPolicy` of `allow-all`, or a minimum protocol below TLSv1.2.',
  'web-acl-detached': 'UpdateDistribution with an empty `webACLId`.',
  'web-acl-rules-removed':
    'UpdateWebACL leaving the rule list empty or without a rate-based rule.',
  'routing-record-without-health-check':
    'ChangeResourceRecordSets creating a failover, latency or weighted record without `healthCheckId`.',
  'ec2-health-check-only':
    'UpdateAutoScalingGroup/CreateAutoScalingGroup with `healthCheckType` `EC2` for a group behind a target group.',
  'single-availability-zone':
    'Auto Scaling or load balancer subnet changes leaving a single Availability Zone.',
  'trail-weakened':
    'UpdateTrail turning off multi-Region, log file validation, KMS encryption or CloudWatch Logs delivery.',
  'retention-below-minimum':
    'PutRetentionPolicy with `retentionInDays` below the platform minimum.',
  'detector-disabled': 'UpdateDetector with `enable` false.',
  'pbc-tag-removed':
    'UntagResources/DeleteTags/UntagResource removing the `pbc` tag key.',
  'outside-approved-regions':
    "`awsRegion` of the event is not in the platform's approved Regions for personal data.",
  'pci-resource-from-non-pci-principal':
    'The target resource belongs to a pci-scope PBC and the calling role does not.',
  'erasure-subscription-removed':
    "Unsubscribe or DeleteTopic on the platform's customer-erasure topic.",
};

/**
 * A CloudTrail event pattern that signals drift or risk for a control.
 * `eventSource` and each entry of `eventNames` may be `*` to match any.
 *
 * @public
 */
export interface RiskSignal {
  /** e.g. `ec2.amazonaws.com`. */
  eventSource: string;
  eventNames: string[];
  when?: RiskPredicate;
  /** One sentence a reviewer reads next to the event. */
  why: string;
}

/** @public */
export interface Detection {
  /** The AWS Config managed rule that evaluates the control in a running account. */
  configRule?: ConfigRuleRef;
  /**
   * Further managed rules for the same control, e.g. the Aurora cluster
   * counterpart of an RDS instance rule.
   */
  relatedConfigRules?: ConfigRuleRef[];
  /**
   * When no managed rule fits: how the control is evaluated instead (custom
   * Guard policy rule, dashboard check or CloudTrail only).
   */
  customRule?: string;
  cloudTrail: RiskSignal[];
}

/** @public */
export interface Guidance {
  article: ArticleSlug;
  /** Slug of a heading in that article, as mkdocs generates it. */
  anchor: string;
}

/**
 * A rule of the reference architecture.
 *
 * @public
 */
export interface Control {
  /** `PBC-<FAM>-<NN>`, e.g. `PBC-MSG-01`. Never reused once published. */
  id: string;
  title: string;
  family: ControlFamily;
  severity: Severity;
  /** The rule and why, in one or two sentences. */
  description: string;
  scope: ControlScope;
  level: ControlLevel;
  /** CloudFormation resource types the control concerns. */
  resourceTypes: string[];
  prevention: Prevention;
  detection: Detection;
  /** Concrete steps to fix a finding. */
  remediation: string;
  guidance: Guidance;
}
