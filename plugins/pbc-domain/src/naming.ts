/**
 * The naming contract of the reference platform: every name that the platform stack, the PBC
 * stacks, the compliance dashboard and the demo data share. A consumer finds its producer's
 * topic by name, a PBC finds the VPC and the load balancer by export name, the permissions
 * boundary allows a role its own resources by name, and the dashboard attributes resources and
 * CloudTrail events by name and tag; so each name is written once, here. Pure: no CDK, no Node.
 *
 * Separators. PBC and event names are kebab-case (no `_`), so `_` separates the parts of a
 * derived name: `pbc-payment-payment_authorized` (PBC `payment-payment`, event `authorized`) and
 * `pbc-payment_payment-authorized` (PBC `payment`, event `payment-authorized`) cannot collide,
 * and `pbc-<name>_*` matches one PBC's topics and queues and no other PBC's. SNS, SQS, IAM,
 * EC2 security group and CloudWatch names all accept `_`.
 */

/** Exports of the platform stack that PBC stacks import by name (`Fn::ImportValue`). */
export const PLATFORM_EXPORTS = {
  vpcId: 'platform-vpc-id',
  /** Comma-separated subnet ids of the private PBC subnets, in AZ order (their route tables have a NAT gateway per AZ; a PBC security group allows no internet egress, so PBCs cannot use it). */
  privateSubnetIds: 'platform-private-subnet-ids',
  /** Comma-separated subnet ids of the isolated payment (CDE) subnets, in AZ order. */
  paymentSubnetIds: 'platform-payment-subnet-ids',
  /** Comma-separated subnet ids of the public (load balancer) subnets, in AZ order. */
  publicSubnetIds: 'platform-public-subnet-ids',
  /** Comma-separated Availability Zones of every subnet list, in the same order. */
  availabilityZones: 'platform-availability-zones',
  /** Security group of the shared application load balancer. */
  albSecurityGroupId: 'platform-alb-security-group-id',
  /** ARN of the shared load balancer's listener that PBCs add path rules to. */
  albListenerArn: 'platform-alb-listener-arn',
  /** DNS name of the shared load balancer. */
  albDnsName: 'platform-alb-dns-name',
  /** Security group of the shared interface endpoints in the private subnets. */
  endpointsSecurityGroupId: 'platform-vpc-endpoints-security-group-id',
  /** Security group of the interface endpoints inside the payment subnets (CDE-local). */
  paymentEndpointsSecurityGroupId:
    'platform-payment-vpc-endpoints-security-group-id',
  /**
   * Security group that admits payment tasks to the endpoint tier's image and log endpoints
   * ({@link FARGATE_AGENT_ENDPOINT_SERVICES}), which Fargate reaches by their public names.
   */
  paymentAgentEndpointsSecurityGroupId:
    'platform-payment-agent-endpoints-security-group-id',
  /** Prefix list of the S3 gateway endpoint (container image layers come from S3). */
  s3PrefixListId: 'platform-s3-prefix-list-id',
  /** Prefix list of the DynamoDB gateway endpoint. */
  dynamodbPrefixListId: 'platform-dynamodb-prefix-list-id',
  /** SNS topic that pages the on-call rota for PBC alarms. */
  alarmTopicArn: 'platform-alarm-topic-arn',
  /** The ECS cluster PBC services run on. */
  ecsClusterName: 'platform-ecs-cluster-name',
  ecsClusterArn: 'platform-ecs-cluster-arn',
  /** The permissions boundary every PBC role carries. */
  permissionsBoundaryArn: 'platform-permissions-boundary-arn',
  /** The queue EventBridge forwards Config compliance changes and risky API calls to. */
  complianceEventsQueueArn: 'platform-compliance-events-queue-arn',
  complianceEventsQueueUrl: 'platform-compliance-events-queue-url',
  /** The AWS Organizations id; PBC topic policies let only its principals subscribe. */
  organizationId: 'platform-organization-id',
  /** Comma-separated subnet ids of the isolated data subnets, in AZ order. */
  dataSubnetIds: 'platform-data-subnet-ids',
} as const;

/**
 * Services with an interface endpoint inside the payment subnets. They have no private DNS
 * (the shared endpoints own the service names in the VPC), so payment PBCs call them by the
 * endpoint's own DNS name, exported as {@link paymentEndpointDnsExport}.
 */
export const PAYMENT_ENDPOINT_SERVICES = [
  'sqs',
  'sns',
  'kms',
  'secretsmanager',
  'sts',
  'logs',
  'monitoring',
] as const;
export type PaymentEndpointService = (typeof PAYMENT_ENDPOINT_SERVICES)[number];

/** `platform-payment-endpoint-<service>-dns`: the DNS name of a payment-subnet endpoint. */
export function paymentEndpointDnsExport(
  service: PaymentEndpointService,
): string {
  return `platform-payment-endpoint-${service}-dns`;
}

/**
 * The AWS SDKs' service identifier of each payment endpoint service, as their
 * `AWS_ENDPOINT_URL_<ID>` variables spell it (AWS SDKs and Tools Reference Guide,
 * service-specific endpoints): the serviceId, upper case, spaces as `_`.
 */
const SDK_ENDPOINT_IDS: Record<PaymentEndpointService, string> = {
  sqs: 'SQS',
  sns: 'SNS',
  kms: 'KMS',
  secretsmanager: 'SECRETS_MANAGER',
  sts: 'STS',
  logs: 'CLOUDWATCH_LOGS',
  monitoring: 'CLOUDWATCH',
};

/** `AWS_ENDPOINT_URL_<ID>`: the variable that points a task's SDK clients of one service. */
export function sdkEndpointVariable(service: PaymentEndpointService): string {
  return `AWS_ENDPOINT_URL_${SDK_ENDPOINT_IDS[service]}`;
}

/**
 * What the Fargate agent itself calls for a task (image pull, log delivery), by the services'
 * public names: no SDK variable redirects it, so these must resolve through private DNS to
 * endpoints the payment tier can reach. Layers also come from S3 (gateway endpoint).
 */
export const FARGATE_AGENT_ENDPOINT_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'logs',
] as const;

export type PlatformExportName =
  (typeof PLATFORM_EXPORTS)[keyof typeof PLATFORM_EXPORTS];

/** Names of the platform's own resources, one per account and Region unless said otherwise. */
export const PLATFORM_NAMES = {
  stack: 'platform',
  /** IAM is global: the boundary and the guard exist once per account (see the platform README). */
  permissionsBoundaryPolicy: 'pbc-boundary',
  /** Attached to every PBC's deployment role: no retagging, no boundary escape. */
  deploymentGuardPolicy: 'pbc-deployment-guard',
  configDriftDetectionRole: 'platform-config-drift-detection',
  alarmTopic: 'platform-alarms',
  ecsCluster: 'platform',
  alb: 'platform',
  albSecurityGroup: 'platform-alb',
  endpointsSecurityGroup: 'platform-vpc-endpoints',
  paymentEndpointsSecurityGroup: 'platform-payment-vpc-endpoints',
  paymentAgentEndpointsSecurityGroup: 'platform-payment-agent-endpoints',
  trail: 'platform-trail',
  configRecorder: 'platform',
  complianceEventsQueue: 'platform-compliance-events',
  complianceEventsDeadLetterQueue: 'platform-compliance-events_dlq',
  /** Tag key on the platform's own resources (not `pbc`, which the boundary trusts). */
  tagKey: 'pbc:platform',
} as const;

/** The separator of derived names; kebab-case names cannot contain it. */
export const NAME_SEPARATOR = '_';

/** Port the PBC's service listens on behind the shared load balancer. */
export const SERVICE_PORT = 8080;
/** Aurora PostgreSQL listener port: not the engine default (cdk-nag AwsSolutions-RDS11). */
export const DATABASE_PORT = 5433;
export const HTTPS_PORT = 443;
export const HTTP_PORT = 80;

/** Tag keys the patterns write. `pbc` is the key the boundary and the dashboard read. */
export const TAG_KEYS = {
  pbc: 'pbc',
  dataClass: 'pbc:data-class',
  pciScope: 'pbc:pci-scope',
  owner: 'pbc:owner',
  system: 'pbc:system',
} as const;

/** Values of the `pbc:data-class` tag on data stores. */
export const DATA_CLASSES = {
  cardholder: 'cardholder-data',
  business: 'business-data',
} as const;

export const FIFO_SUFFIX = '.fifo';

/** AWS name limits the contract keeps to. */
export const NAME_LIMITS = {
  sqsQueue: 80,
  snsTopic: 256,
  iamRole: 64,
  iamPolicy: 128,
  alarm: 255,
  securityGroup: 255,
} as const;

/** FNV-1a, 32 bits, as 8 hex digits: a stable short hash without a crypto dependency. */
export function shortHash(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Shortens `value` to `max` characters, keeping it unique with a hash of the full value. */
export function fitName(value: string, max: number): string {
  if (value.length <= max) {
    return value;
  }
  const hash = shortHash(value);
  return `${value
    .slice(0, max - hash.length - 1)
    .replace(/[-_]+$/, '')}-${hash}`;
}

/** `pbc-<name>`: the stack, table, cluster, security group, key alias and conformance pack. */
export function pbcResourceName(pbc: string): string {
  return `pbc-${pbc}`;
}

/** `pbc-<name>_<part>`: a further resource of one PBC, never another PBC's name. */
export function pbcChildName(pbc: string, ...parts: string[]): string {
  return [pbcResourceName(pbc), ...parts].join(NAME_SEPARATOR);
}

export function stackName(pbc: string): string {
  return pbcResourceName(pbc);
}

/**
 * `pbc-<name>--subscriptions`: the stack that subscribes the PBC's queues to its producers'
 * topics, deployed after the main stacks. Stack names take no `_`; kebab-case names have no
 * `--`, so no PBC's main stack can be called this.
 */
export function subscriptionsStackName(pbc: string): string {
  return `${pbcResourceName(pbc)}--subscriptions`;
}

export function conformancePackName(pbc: string): string {
  return pbcResourceName(pbc);
}

export function keyAliasName(pbc: string): string {
  return `alias/${pbcResourceName(pbc)}`;
}

/**
 * `pbc-<name>-role`, the role its tasks run under. Kept with a dash, as the articles and
 * CloudTrail queries know it; unique because every PBC's role ends in the same `-role`.
 */
export function roleName(pbc: string): string {
  return `pbc-${pbc}-role`;
}

const ROLE_NAME = /^pbc-([a-z][a-z0-9-]*)-role$/;

/** The PBC a role name belongs to, or undefined (`pbc-gift-card-role` → `gift-card`). */
export function pbcOfRoleName(name: string): string | undefined {
  return ROLE_NAME.exec(name)?.[1];
}

/** The ECS task execution role (pulls the image, writes logs); not the service's identity. */
export function executionRoleName(pbc: string): string {
  return pbcChildName(pbc, 'execution');
}

/** `pbc-<name>-policy`, then `pbc-<name>-policy-2`… when the grants need more than one. */
export function policyName(pbc: string, index = 1): string {
  return index === 1 ? `pbc-${pbc}-policy` : `pbc-${pbc}-policy-${index}`;
}

/** IAM path of the PBC's roles and policies; the deployment guard scopes IAM actions to it. */
export function iamPath(pbc: string): string {
  return `/pbc/${pbc}/`;
}

/** The database security group: `pbc-<name>_db`, which no PBC's own group can be named. */
export function databaseSecurityGroupName(pbc: string): string {
  return pbcChildName(pbc, 'db');
}

/** The database user the PBC's role connects as with IAM authentication: its `pbc` tag value. */
export function databaseUserName(pbc: string): string {
  return pbc;
}

/** Log group of the PBC's service (the boundary allows writing to `/pbc/<name>/*`). */
export function serviceLogGroupName(pbc: string): string {
  return `/pbc/${pbc}/service`;
}

/** Log group RDS exports an Aurora cluster's `postgresql` log to (fixed by RDS). */
export function postgresLogGroupName(pbc: string): string {
  return `/aws/rds/cluster/${pbcResourceName(pbc)}/postgresql`;
}

/** `pbc-<producer>_<event>[.fifo]`: what a consumer subscribes to. */
export function topicName(
  producer: string,
  event: string,
  fifo: boolean,
): string {
  return `${pbcChildName(producer, event)}${fifo ? FIFO_SUFFIX : ''}`;
}

export interface QueueNames {
  queue: string;
  deadLetterQueue: string;
}

/**
 * `pbc-<consumer>_<producer>_<event>` and its `_dlq`, within SQS's 80 characters. A longer
 * name keeps its `pbc-<consumer>_` prefix (at most 45 characters) and ends in a hash of the
 * whole, so the boundary's `pbc-<name>_*` still matches it.
 */
export function queueNames(
  consumer: string,
  producer: string,
  event: string,
  fifo: boolean,
): QueueNames {
  const suffix = fifo ? FIFO_SUFFIX : '';
  const dlq = `${NAME_SEPARATOR}dlq`;
  const base = fitName(
    pbcChildName(consumer, producer, event),
    NAME_LIMITS.sqsQueue - dlq.length - suffix.length,
  );
  return {
    queue: `${base}${suffix}`,
    deadLetterQueue: `${base}${dlq}${suffix}`,
  };
}

/** Alarm names of one PBC: `pbc-<name>_<what>`, within CloudWatch's 255 characters. */
export function alarmName(pbc: string, ...what: string[]): string {
  return fitName(pbcChildName(pbc, ...what), NAME_LIMITS.alarm);
}

/** A consumed event, `<producer>.<event>`, split. */
export interface ConsumedEvent {
  producer: string;
  event: string;
}

export function parseConsumedEvent(value: string): ConsumedEvent {
  const dot = value.indexOf('.');
  return { producer: value.slice(0, dot), event: value.slice(dot + 1) };
}

/** Partition of a Region code, for ARNs written outside CloudFormation. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) {
    return 'aws-cn';
  }
  if (region.startsWith('us-gov-')) {
    return 'aws-us-gov';
  }
  return 'aws';
}

/** ARN of a PBC's topic in its own account and Region. */
export function topicArn(
  producer: string,
  event: string,
  fifo: boolean,
  accountId: string,
  region: string,
): string {
  return `arn:${partitionOf(region)}:sns:${region}:${accountId}:${topicName(
    producer,
    event,
    fifo,
  )}`;
}
