/**
 * The PBC's security group. Inbound: only the shared load balancer's group, on the service
 * port, for `public` PBCs; nothing for `internal` ones, which talk to others through messaging
 * (PBC-NET-03, PBC-NET-01). Outbound: HTTPS to the platform's interface endpoints (for a
 * payment PBC, its CDE-local ones and the image and log endpoints its Fargate agent uses), to
 * the S3 (container image layers) and, with DynamoDB, DynamoDB gateway endpoint prefix lists,
 * and the database port to the PBC's own database group. There is no 0.0.0.0/0 egress: AWS APIs
 * are reached through VPC endpoints, and the subnets have no internet route to use anyway.
 */
export class PbcSecurityGroup extends Construct {
  readonly securityGroup: CfnSecurityGroup;
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: PbcSecurityGroupProps) {
    super(scope, id);
    const { platform } = props;
    const egress: CfnSecurityGroup.EgressProperty[] = [
      ...platform.endpointsSecurityGroupIds.map(group => ({
        description: 'HTTPS to AWS APIs through the interface endpoints',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        destinationSecurityGroupId: group,
      })),
      {
        description:
          'HTTPS to the S3 gateway endpoint (container image layers)',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        destinationPrefixListId: platform.s3PrefixListId,
      },
    ];
    if (props.dataStore === 'dynamodb') {
      egress.push({
        description: 'HTTPS to the DynamoDB gateway endpoint',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        destinationPrefixListId: platform.dynamodbPrefixListId,
      });
    }
    const ingress: CfnSecurityGroup.IngressProperty[] =
      props.exposure === 'public'
        ? [
            {
              description: 'Service port, from the shared load balancer only',
              ipProtocol: 'tcp',
              fromPort: SERVICE_PORT,
              toPort: SERVICE_PORT,
              sourceSecurityGroupId: platform.albSecurityGroupId,
            },
          ]
        : [];

    this.securityGroup = new CfnSecurityGroup(this, 'Resource', {
      groupName: pbcResourceName(props.pbc),
      groupDescription: `PBC ${props.pbc}: ${
        props.exposure === 'public'
          ? 'service port from the shared load balancer'
          : 'no inbound traffic'
      }; egress to VPC endpoints only`,
      vpcId: platform.vpcId,
      securityGroupIngress: ingress.length > 0 ? ingress : undefined,
      securityGroupEgress: egress,
    });
    this.securityGroupId = this.securityGroup.attrGroupId;
  }
}
