// The shared endpoints own the services' private DNS names in the VPC, in a tier of their
// own: the payment NACL can then name exactly the addresses its Fargate agent needs.
this.endpointsSecurityGroup = new CfnSecurityGroup(this, 'EndpointsSg', {
  groupName: PLATFORM_NAMES.endpointsSecurityGroup,
  groupDescription:
    'Shared interface endpoints: HTTPS from the PBC subnets',
  vpcId,
  securityGroupIngress: plan.pbc.map(cidr => ({
    description: 'HTTPS from PBC compute',
    ipProtocol: 'tcp',
    fromPort: HTTPS_PORT,
    toPort: HTTPS_PORT,
    cidrIp: cidr,
  })),
  securityGroupEgress: [noEgress()],
});
// Fargate pulls a payment task's image and ships its logs from the task's own network
// interface, by the services' public names: this group admits the payment subnets to those
// three endpoints and to no other shared one (PBC-NET-07).
this.paymentAgentEndpointsSecurityGroup = new CfnSecurityGroup(
  this,
  'PaymentAgentEndpointsSg',
  {
    groupName: PLATFORM_NAMES.paymentAgentEndpointsSecurityGroup,
    groupDescription:
      'Image and log endpoints: HTTPS from the payment subnets (Fargate agent)',
    vpcId,
    securityGroupIngress: plan.payment.map(cidr => ({
      description: 'HTTPS from payment compute (image pull, log delivery)',
      ipProtocol: 'tcp',
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      cidrIp: cidr,
    })),
    securityGroupEgress: [noEgress()],
  },
);
const agentServices: readonly string[] = FARGATE_AGENT_ENDPOINT_SERVICES;
for (const service of SHARED_ENDPOINT_SERVICES) {
  new CfnVPCEndpoint(this, `${service.replace('.', '')}Endpoint`, {
    vpcId,
    serviceName: `com.amazonaws.${props.region}.${service}`,
    vpcEndpointType: 'Interface',
    privateDnsEnabled: true,
    subnetIds: this.subnets.endpoints.map(s => s.ref),
    securityGroupIds: [
      this.endpointsSecurityGroup.attrGroupId,
      ...(agentServices.includes(service)
        ? [this.paymentAgentEndpointsSecurityGroup.attrGroupId]
        : []),
    ],
  });
}
