import { Aws, Fn } from 'aws-cdk-lib';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import {
  PAYMENT_ENDPOINT_SERVICES,
  PLATFORM_NAMES,
  PLATFORM_EXPORTS,
  paymentEndpointDnsExport,
  sdkEndpointVariable,
} from '@pbc-portal/pbc-domain';

/**
 * What a PBC stack takes from the platform. Everything is imported by export name or built from
 * a naming convention: nothing is looked up, so synthesis needs no AWS credentials and the
 * template shows exactly which platform resources the PBC depends on.
 */
export interface PlatformImports {
  vpcId: string;
  /** The subnets the PBC's compute and database use: payment subnets when pciScope. */
  subnetIds: string[];
  /** Name of the export the subnets come from, for outputs and documentation. */
  subnetExport: string;
  availabilityZones: string[];
  albSecurityGroupId: string;
  /** Security groups of the interface endpoints the PBC's tasks reach AWS APIs through. */
  endpointsSecurityGroupIds: string[];
  /**
   * `AWS_ENDPOINT_URL_<SERVICE>` → endpoint URL, for the task's environment: the CDE-local
   * endpoints of a payment PBC, which have no private DNS. Empty for other PBCs.
   */
  endpointUrls: Record<string, string>;
  s3PrefixListId: string;
  dynamodbPrefixListId: string;
  alarmTopicArn: string;
  permissionsBoundaryArn: string;
  /** Only principals of this organisation may subscribe to the PBC's topics. */
  organizationId: string;
}

// --8<-- [start:platform-imports]
export function importPlatform(spec: PbcSpec): PlatformImports {
  const subnetExport = spec.pciScope
    ? PLATFORM_EXPORTS.paymentSubnetIds
    : PLATFORM_EXPORTS.privateSubnetIds;
  return {
    vpcId: Fn.importValue(PLATFORM_EXPORTS.vpcId),
    subnetIds: Fn.split(',', Fn.importValue(subnetExport)),
    subnetExport,
    availabilityZones: Fn.split(
      ',',
      Fn.importValue(PLATFORM_EXPORTS.availabilityZones),
    ),
    albSecurityGroupId: Fn.importValue(PLATFORM_EXPORTS.albSecurityGroupId),
    // Payment tasks call AWS APIs through the endpoints inside the payment subnets, addressed
    // by the variables below; Fargate pulls their image and ships their logs through the
    // endpoint tier's registry and log endpoints, by public name (PBC-NET-07).
    endpointsSecurityGroupIds: (spec.pciScope
      ? [
          PLATFORM_EXPORTS.paymentEndpointsSecurityGroupId,
          PLATFORM_EXPORTS.paymentAgentEndpointsSecurityGroupId,
        ]
      : [PLATFORM_EXPORTS.endpointsSecurityGroupId]
    ).map(name => Fn.importValue(name)),
    endpointUrls: spec.pciScope
      ? Object.fromEntries(
          PAYMENT_ENDPOINT_SERVICES.map(service => [
            sdkEndpointVariable(service),
            Fn.join('', [
              'https://',
              Fn.importValue(paymentEndpointDnsExport(service)),
            ]),
          ]),
        )
      : {},
    s3PrefixListId: Fn.importValue(PLATFORM_EXPORTS.s3PrefixListId),
    dynamodbPrefixListId: Fn.importValue(PLATFORM_EXPORTS.dynamodbPrefixListId),
    alarmTopicArn: Fn.importValue(PLATFORM_EXPORTS.alarmTopicArn),
    organizationId: Fn.importValue(PLATFORM_EXPORTS.organizationId),
    permissionsBoundaryArn: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${PLATFORM_NAMES.permissionsBoundaryPolicy}`,
  };
}
// --8<-- [end:platform-imports]
