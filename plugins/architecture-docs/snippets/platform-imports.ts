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
    // Payment PBCs use the endpoints inside the payment subnets, so no CDE traffic crosses
    // into the private subnets on its way to AWS APIs (PBC-NET-07).
    endpointsSecurityGroupId: Fn.importValue(
      spec.pciScope
        ? PLATFORM_EXPORTS.paymentEndpointsSecurityGroupId
        : PLATFORM_EXPORTS.endpointsSecurityGroupId,
    ),
    s3PrefixListId: Fn.importValue(PLATFORM_EXPORTS.s3PrefixListId),
    dynamodbPrefixListId: Fn.importValue(PLATFORM_EXPORTS.dynamodbPrefixListId),
    alarmTopicArn: Fn.importValue(PLATFORM_EXPORTS.alarmTopicArn),
    permissionsBoundaryArn: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${PLATFORM_NAMES.permissionsBoundaryPolicy}`,
  };
}
