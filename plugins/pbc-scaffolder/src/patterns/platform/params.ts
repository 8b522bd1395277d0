import { InputError } from '@backstage/errors';
import { isCommercialRegion } from '../../lib/regions';

/** What a platform is rendered for: one account and one Region. */
export interface PlatformParams {
  /** 12 digits. */
  awsAccountId: string;
  /** A commercial Region code, e.g. `eu-west-1`. */
  awsRegion: string;
  /**
   * The Region that holds the account's global resources: the IAM permissions boundary, the
   * deployment guard, the drift-detection role and the multi-Region CloudTrail trail. The
   * platform stack of every other Region refers to them by name. Default: `awsRegion`.
   */
  primaryRegion?: string;
  /** The VPC's IPv4 range, a /16 from the organisation's address plan. Default `10.40.0.0/16`. */
  vpcCidr?: string;
  /** Three Availability Zone names; default `<region>a`, `b`, `c`. */
  availabilityZones?: string[];
  /**
   * AWS Organizations id (`o-…`): only principals of the organisation may subscribe to PBC
   * topics (the PBC topic policies import it).
   */
  organizationId: string;
  /** ACM certificate for the shared load balancer's HTTPS listener; without it, see the README. */
  certificateArn?: string;
  /**
   * The Region's AWS-managed prefix lists of the S3 and DynamoDB gateway endpoints
   * (`com.amazonaws.<region>.s3`, `.dynamodb`). Passed in, not looked up, so rendering needs no
   * credentials; the template's form and the root README give the CLI call that prints them.
   */
  s3PrefixListId: string;
  dynamodbPrefixListId: string;
  /** Optional e-mail address subscribed to the alarm topic. */
  alarmEmail?: string;
}

/** The parameters with every default applied. */
export type ResolvedPlatformParams = Required<
  Omit<PlatformParams, 'certificateArn' | 'alarmEmail'>
> &
  Pick<PlatformParams, 'certificateArn' | 'alarmEmail'> & {
    /** True when this Region holds the account's global resources. */
    isPrimaryRegion: boolean;
  };

export const DEFAULT_VPC_CIDR = '10.40.0.0/16';
const CIDR16 = /^(10|172|192)\.(\d{1,3})\.0\.0\/16$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACM_ARN = /^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const PREFIX_LIST = /^pl-[0-9a-f]{8,17}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Checks and completes the parameters, or throws an `InputError` naming every problem.
 */
export function resolvePlatformParams(
  params: PlatformParams,
): ResolvedPlatformParams {
  const problems: string[] = [];
  if (!/^\d{12}$/.test(params.awsAccountId ?? '')) {
    problems.push('awsAccountId: must be exactly 12 digits');
  }
  if (!isCommercialRegion(params.awsRegion ?? '')) {
    problems.push('awsRegion: must be an AWS commercial Region code');
  }
  const primaryRegion = params.primaryRegion ?? params.awsRegion;
  if (!isCommercialRegion(primaryRegion ?? '')) {
    problems.push('primaryRegion: must be an AWS commercial Region code');
  }
  const vpcCidr = params.vpcCidr ?? DEFAULT_VPC_CIDR;
  const cidr = CIDR16.exec(vpcCidr);
  if (
    !cidr ||
    (cidr[1] === '172' && (Number(cidr[2]) < 16 || Number(cidr[2]) > 31)) ||
    (cidr[1] === '192' && cidr[2] !== '168') ||
    Number(cidr[2]) > 255
  ) {
    problems.push(
      'vpcCidr: must be a private /16 such as 10.40.0.0/16 (RFC 1918)',
    );
  }
  const availabilityZones = params.availabilityZones ?? [
    `${params.awsRegion}a`,
    `${params.awsRegion}b`,
    `${params.awsRegion}c`,
  ];
  if (
    availabilityZones.length !== 3 ||
    new Set(availabilityZones).size !== 3 ||
    availabilityZones.some(
      az => !az.startsWith(params.awsRegion) || !/^[a-z0-9-]+$/.test(az),
    )
  ) {
    problems.push(
      'availabilityZones: must be three different zones of awsRegion',
    );
  }
  if (!ORGANIZATION_ID.test(params.organizationId ?? '')) {
    problems.push('organizationId: must be an AWS Organizations id (o-…)');
  }
  if (
    params.certificateArn !== undefined &&
    !ACM_ARN.test(params.certificateArn)
  ) {
    problems.push('certificateArn: must be an ACM certificate ARN');
  }
  for (const field of ['s3PrefixListId', 'dynamodbPrefixListId'] as const) {
    if (!PREFIX_LIST.test(params[field] ?? '')) {
      problems.push(`${field}: must be a prefix list id (pl-…)`);
    }
  }
  if (params.alarmEmail !== undefined && !EMAIL.test(params.alarmEmail)) {
    problems.push('alarmEmail: must be an e-mail address');
  }
  if (problems.length > 0) {
    throw new InputError(
      `The platform parameters cannot be rendered: ${problems.join('; ')}`,
    );
  }
  return {
    awsAccountId: params.awsAccountId,
    awsRegion: params.awsRegion,
    primaryRegion,
    vpcCidr,
    availabilityZones,
    organizationId: params.organizationId,
    s3PrefixListId: params.s3PrefixListId,
    dynamodbPrefixListId: params.dynamodbPrefixListId,
    certificateArn: params.certificateArn,
    alarmEmail: params.alarmEmail,
    isPrimaryRegion: primaryRegion === params.awsRegion,
  };
}

/** The subnet tiers of article 04, per Availability Zone. */
export interface CidrPlan {
  vpc: string;
  /** Edge (public): the load balancer's nodes and the NAT gateways, /24 each. */
  edge: string[];
  /** PBC (private): PBC compute, outbound through NAT, /20 each. */
  pbc: string[];
  /** Data (isolated): data stores of non-PCI PBCs, /24 each. */
  data: string[];
  /** Payment (isolated): the CDE, /22 each. */
  payment: string[];
  /** One range that covers the three payment subnets (the NACL's summary). */
  paymentSummary: string;
  /** Endpoints (isolated): the shared interface endpoints' network interfaces only, /24 each. */
  endpoints: string[];
  /** One range that covers the three endpoint subnets (the payment NACL names it). */
  endpointsSummary: string;
}

// --8<-- [start:platform-cidr-plan]
/**
 * Article 04's address plan inside one /16 (`a.b.0.0/16`): edge `a.b.0-2.0/24`, endpoints
 * `a.b.8-10.0/24`, PBC `a.b.16/32/48.0/20`, data `a.b.64-66.0/24`, payment
 * `a.b.112/116/120.0/22`, so one `/20` (`a.b.112.0/20`) summarises the payment tier and one
 * `/22` (`a.b.8.0/22`) the endpoint tier for the payment NACL.
 */
export function cidrPlan(vpcCidr: string): CidrPlan {
  const prefix = vpcCidr.split('.').slice(0, 2).join('.');
  const at = (third: number, mask: number) => `${prefix}.${third}.0/${mask}`;
  return {
    vpc: vpcCidr,
    edge: [0, 1, 2].map(i => at(i, 24)),
    pbc: [16, 32, 48].map(i => at(i, 20)),
    data: [64, 65, 66].map(i => at(i, 24)),
    payment: [112, 116, 120].map(i => at(i, 22)),
    paymentSummary: at(112, 20),
    endpoints: [8, 9, 10].map(i => at(i, 24)),
    endpointsSummary: at(8, 22),
  };
}
// --8<-- [end:platform-cidr-plan]
