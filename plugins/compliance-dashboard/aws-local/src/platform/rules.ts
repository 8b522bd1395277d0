import { CONTROLS, Control, configRulesOf } from '@pbc-portal/pbc-domain';
import { PBC_RESOURCE_TYPES } from './resources';
import type { PlatformConfigRule } from './types';

/**
 * Resource types the managed rule really evaluates, where that is narrower
 * than the resource types of the control that names it (a control may pair a
 * cluster rule with an instance rule, for example).
 */
const MANAGED_RULE_TYPES: Record<string, string[]> = {
  IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS: ['AWS::IAM::Policy'],
  IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS: ['AWS::IAM::Policy'],
  ACCESS_KEYS_ROTATED: ['AWS::IAM::User'],
  MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS: ['AWS::IAM::User'],
  IAM_ROOT_ACCESS_KEY_CHECK: ['AWS::::Account'],
  ROOT_ACCOUNT_MFA_ENABLED: ['AWS::::Account'],
  SECURITYHUB_ENABLED: ['AWS::::Account'],
  GUARDDUTY_ENABLED_CENTRALIZED: ['AWS::::Account'],
  EC2_EBS_ENCRYPTION_BY_DEFAULT: ['AWS::::Account'],
  MULTI_REGION_CLOUD_TRAIL_ENABLED: ['AWS::::Account'],
  S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC: ['AWS::::Account'],
  CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED: ['AWS::CloudTrail::Trail'],
  CLOUD_TRAIL_ENCRYPTION_ENABLED: ['AWS::CloudTrail::Trail'],
  CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED: ['AWS::CloudTrail::Trail'],
  ECS_NO_ENVIRONMENT_SECRETS: ['AWS::ECS::TaskDefinition'],
  SECRETSMANAGER_ROTATION_ENABLED_CHECK: ['AWS::SecretsManager::Secret'],
  EC2_INSTANCE_PROFILE_ATTACHED: ['AWS::EC2::Instance'],
  EC2_IMDSV2_CHECK: ['AWS::EC2::Instance'],
  EC2_NO_AMAZON_KEY_PAIR: ['AWS::EC2::Instance'],
  EC2_INSTANCE_NO_PUBLIC_IP: ['AWS::EC2::Instance'],
  EC2_INSTANCE_MANAGED_BY_SSM: ['AWS::EC2::Instance'],
  APPROVED_AMIS_BY_TAG: ['AWS::EC2::Instance'],
  SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED: ['AWS::EC2::Subnet'],
  INCOMING_SSH_DISABLED: ['AWS::EC2::SecurityGroup'],
  VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS: ['AWS::EC2::SecurityGroup'],
  VPC_DEFAULT_SECURITY_GROUP_CLOSED: ['AWS::EC2::SecurityGroup'],
  VPC_FLOW_LOGS_ENABLED: ['AWS::EC2::VPC'],
  RDS_CLUSTER_MULTI_AZ_ENABLED: ['AWS::RDS::DBCluster'],
  RDS_CLUSTER_DELETION_PROTECTION_ENABLED: ['AWS::RDS::DBCluster'],
  RDS_MULTI_AZ_SUPPORT: ['AWS::RDS::DBInstance'],
  RDS_INSTANCE_DELETION_PROTECTION_ENABLED: ['AWS::RDS::DBInstance'],
  RDS_INSTANCE_PUBLIC_ACCESS_CHECK: ['AWS::RDS::DBInstance'],
  RDS_STORAGE_ENCRYPTED: ['AWS::RDS::DBInstance'],
  DB_INSTANCE_BACKUP_ENABLED: ['AWS::RDS::DBInstance'],
  RDS_SNAPSHOTS_PUBLIC_PROHIBITED: [
    'AWS::RDS::DBSnapshot',
    'AWS::RDS::DBClusterSnapshot',
  ],
  S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED: ['AWS::S3::Bucket'],
  KMS_CMK_NOT_SCHEDULED_FOR_DELETION: ['AWS::KMS::Key'],
  CMK_BACKING_KEY_ROTATION_ENABLED: ['AWS::KMS::Key'],
  ELB_LOGGING_ENABLED: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK: [
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
  ],
  ALB_HTTP_DROP_INVALID_HEADER_ENABLED: [
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
  ],
  ALB_WAF_ENABLED: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  ELBV2_MULTIPLE_AZ: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  SNS_ENCRYPTED_KMS: ['AWS::SNS::Topic'],
  DYNAMODB_PITR_ENABLED: ['AWS::DynamoDB::Table'],
  DYNAMODB_TABLE_ENCRYPTED_KMS: ['AWS::DynamoDB::Table'],
  CLOUDWATCH_ALARM_ACTION_CHECK: ['AWS::CloudWatch::Alarm'],
  CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK: ['AWS::CloudFormation::Stack'],
  // The pbc tag is required of what PBC stacks create.
  REQUIRED_TAGS: PBC_RESOURCE_TYPES,
};

/** Managed rules that run on a schedule rather than on configuration changes. */
const PERIODIC = new Set([
  'ACCESS_KEYS_ROTATED',
  'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
  'IAM_ROOT_ACCESS_KEY_CHECK',
  'ROOT_ACCOUNT_MFA_ENABLED',
  'SECURITYHUB_ENABLED',
  'GUARDDUTY_ENABLED_CENTRALIZED',
  'EC2_EBS_ENCRYPTION_BY_DEFAULT',
  'MULTI_REGION_CLOUD_TRAIL_ENABLED',
  'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
  'CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK',
  'SECRETSMANAGER_ROTATION_ENABLED_CHECK',
  'CLOUD_TRAIL_ENCRYPTION_ENABLED',
  'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED',
  'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
]);

const GENERATED_TYPES = new Set([
  ...PBC_RESOURCE_TYPES,
  'AWS::::Account',
  'AWS::CloudTrail::Trail',
  'AWS::EC2::VPC',
  'AWS::IAM::User',
]);

function typesOf(control: Control, identifier?: string): string[] {
  if (identifier && MANAGED_RULE_TYPES[identifier]) {
    return MANAGED_RULE_TYPES[identifier];
  }
  return control.resourceTypes.filter(t => t !== '*');
}

function resolveParameters(
  params: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    // Conformance-pack placeholders get a local stand-in value.
    out[key] = value.replace(/\$\{(\w+)\}/g, (_m, name: string) =>
      name.endsWith('RoleArn')
        ? `arn:aws:iam::\${AWS::AccountId}:role/${name.replace(/Arn$/, '')}`
        : `local-${name}`,
    );
  }
  return out;
}

function rankOf(covered: boolean, level: Control['level']): number {
  if (!covered) return 2;
  return level === 'pbc' ? 0 : 1;
}

interface Candidate {
  rule: Omit<PlatformConfigRule, 'index'>;
  /** Lower sorts first: rules that evaluate generated resources come first. */
  rank: number;
  order: number;
}

/** Every rule the catalog can deploy, best-covered first. */
function candidateRules(): Candidate[] {
  const managed = new Map<string, Candidate>();
  const custom: Candidate[] = [];
  let order = 0;
  for (const control of CONTROLS) {
    const refs = configRulesOf(control);
    for (const ref of refs) {
      const existing = managed.get(ref.identifier);
      if (existing) {
        existing.rule.controlIds.push(control.id);
        if (control.level === 'pbc') existing.rule.level = 'pbc';
        if (control.scope !== 'pci') existing.rule.pciOnly = false;
        continue;
      }
      const resourceTypes = typesOf(control, ref.identifier);
      const covered =
        resourceTypes.length === 0 ||
        resourceTypes.some(t => GENERATED_TYPES.has(t));
      managed.set(ref.identifier, {
        order: order++,
        rank: rankOf(covered, control.level),
        rule: {
          name: ref.identifier,
          owner: 'AWS',
          identifier: ref.identifier,
          controlIds: [control.id],
          resourceTypes,
          tagScope: ref.tagScope,
          inputParameters: resolveParameters(ref.inputParameters),
          level: control.level,
          pciOnly: control.scope === 'pci',
          description: `${control.id}: ${control.title}`,
          periodic: PERIODIC.has(ref.identifier),
        },
      });
    }
    if (refs.length === 0 && control.detection.customRule) {
      custom.push({
        order: order++,
        rank: 3,
        rule: {
          name: control.id,
          owner: 'CUSTOM_POLICY',
          controlIds: [control.id],
          resourceTypes: typesOf(control),
          inputParameters: {},
          level: control.level,
          pciOnly: control.scope === 'pci',
          description: `${control.id}: ${control.title} (${control.detection.customRule})`,
          periodic: false,
        },
      });
    }
  }
  return [...managed.values(), ...custom].sort(
    (a, b) => a.rank - b.rank || a.order - b.order,
  );
}

const CANDIDATES = candidateRules();

/** Managed rules of the controls catalog (one per distinct identifier). */
export const MANAGED_RULE_COUNT = CANDIDATES.filter(
  c => c.rule.owner === 'AWS',
).length;

/**
 * The most rules {@link generatePlatform} can deploy: every managed rule of the
 * controls catalog plus one Guard custom-policy rule per control without one.
 *
 * @public
 */
export function maxPlatformRules(): number {
  return CANDIDATES.length;
}

/** The first `count` rules, managed rules that evaluate generated resources first. */
export function selectRules(count: number): PlatformConfigRule[] {
  if (count > CANDIDATES.length) {
    throw new RangeError(
      `rules: at most ${CANDIDATES.length} rules can be derived from the controls catalog, got ${count}`,
    );
  }
  return CANDIDATES.slice(0, count).map((c, index) => ({
    ...c.rule,
    controlIds: [...c.rule.controlIds],
    index,
  }));
}

/** Whether a rule evaluates this resource. */
export function ruleCovers(
  rule: PlatformConfigRule,
  resourceType: string,
  tags: Record<string, string>,
): boolean {
  if (
    rule.resourceTypes.length > 0 &&
    !rule.resourceTypes.includes(resourceType)
  ) {
    return false;
  }
  if (rule.resourceTypes.length === 0 && resourceType === 'AWS::::Account') {
    return false;
  }
  if (rule.tagScope) {
    const value = tags[rule.tagScope.key];
    if (value === undefined) return false;
    if (rule.tagScope.value !== undefined && value !== rule.tagScope.value) {
      return false;
    }
  }
  return true;
}
