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
