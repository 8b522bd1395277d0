import { createHash } from 'node:crypto';

/**
 * Naming conventions of the reference patterns. They are a contract between PBCs (a consumer
 * finds its producer's topic by name) and between the platform and PBCs (a PBC finds the VPC,
 * subnets and security groups by export name), so they live in one pure module that the
 * validation code can import without loading the CDK.
 */

/** Exports of the platform's CloudFormation stacks that every PBC stack imports by name. */
export const PLATFORM_EXPORTS = {
  vpcId: 'platform-vpc-id',
  /** Comma-separated subnet ids of the private (NAT-less) application subnets, in AZ order. */
  privateSubnetIds: 'platform-private-subnet-ids',
  /** Comma-separated subnet ids of the isolated payment (CDE) subnets, in AZ order. */
  paymentSubnetIds: 'platform-payment-subnet-ids',
  /** Comma-separated Availability Zones of both subnet lists, in the same order. */
  availabilityZones: 'platform-availability-zones',
  /** Security group of the shared application load balancer. */
  albSecurityGroupId: 'platform-alb-security-group-id',
  /** Security group of the shared interface endpoints in the private subnets. */
  endpointsSecurityGroupId: 'platform-vpc-endpoints-security-group-id',
  /** Security group of the interface endpoints inside the payment subnets (CDE-local). */
  paymentEndpointsSecurityGroupId:
    'platform-payment-vpc-endpoints-security-group-id',
  /** Prefix list of the S3 gateway endpoint (container image layers come from S3). */
  s3PrefixListId: 'platform-s3-prefix-list-id',
  /** Prefix list of the DynamoDB gateway endpoint. */
  dynamodbPrefixListId: 'platform-dynamodb-prefix-list-id',
  /** SNS topic that pages the on-call rota for PBC alarms. */
  alarmTopicArn: 'platform-alarm-topic-arn',
} as const;

/** Name of the platform's permissions boundary managed policy (in the PBC's account). */
export const PERMISSIONS_BOUNDARY_POLICY_NAME = 'pbc-boundary';

/** Port the PBC's service listens on behind the shared load balancer. */
export const SERVICE_PORT = 8080;

/** Aurora PostgreSQL listener port: not the engine default (cdk-nag AwsSolutions-RDS11). */
export const DATABASE_PORT = 5433;

/** Tag keys the patterns write. `pbc` is the key the dashboard attributes resources by. */
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

/** Retention and redrive settings of the messaging pattern (PBC-MSG-01, PBC-MSG-08). */
export const MESSAGING = {
  maxReceiveCount: 5,
  /** 14 days, the SQS maximum, so a parked message outlives a long weekend and a holiday. */
  deadLetterRetentionSeconds: 1_209_600,
  /** 4 days. */
  queueRetentionSeconds: 345_600,
  /** Consumer timeout assumed when the spec does not give one; the queue waits six times it. */
  consumerTimeoutSeconds: 30,
  receiveWaitSeconds: 20,
} as const;

export const FIFO_SUFFIX = '.fifo';

const SQS_NAME_MAX = 80;

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

/** Shortens `value` to `max` characters, keeping it unique with a hash of the full value. */
export function fitName(value: string, max: number): string {
  if (value.length <= max) {
    return value;
  }
  const hash = shortHash(value);
  return `${value.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

export function stackName(pbc: string): string {
  return `pbc-${pbc}`;
}

export function roleName(pbc: string): string {
  return `pbc-${pbc}-role`;
}

export function policyName(pbc: string): string {
  return `pbc-${pbc}-policy`;
}

/** IAM path of the PBC's role and policy; the boundary can scope IAM actions to it. */
export function iamPath(pbc: string): string {
  return `/pbc/${pbc}/`;
}

export function conformancePackName(pbc: string): string {
  return `pbc-${pbc}`;
}

/** `pbc-<producer>-<event>[.fifo]`: what a consumer subscribes to without asking the producer. */
export function topicName(
  producer: string,
  event: string,
  fifo: boolean,
): string {
  return `pbc-${producer}-${event}${fifo ? FIFO_SUFFIX : ''}`;
}

export interface QueueNames {
  queue: string;
  deadLetterQueue: string;
}

/** `pbc-<consumer>-<producer>-<event>` and its `-dlq`, within the 80-character SQS limit. */
export function queueNames(
  consumer: string,
  producer: string,
  event: string,
  fifo: boolean,
): QueueNames {
  const suffix = fifo ? FIFO_SUFFIX : '';
  const base = fitName(
    `pbc-${consumer}-${producer}-${event}`,
    SQS_NAME_MAX - '-dlq'.length - suffix.length,
  );
  return { queue: `${base}${suffix}`, deadLetterQueue: `${base}-dlq${suffix}` };
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

/** `order-placed` → `OrderPlaced`, for logical ids. */
export function pascalCase(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}

/** Partition of a Region code, for ARNs written outside CloudFormation (conformance packs). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) {
    return 'aws-cn';
  }
  if (region.startsWith('us-gov-')) {
    return 'aws-us-gov';
  }
  return 'aws';
}
