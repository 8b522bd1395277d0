/**
 * The payment tier's deny-by-default NACL (PBC-NET-08), the second line behind security
 * groups: it must hold when a security group is wrong. Stateless, so every allowed flow has
 * its return rule; first match wins, numbered with gaps.
 * Inside the VPC it names every flow: the ALB's edge subnets to the service port, the
 * payment subnets among themselves, and HTTPS to the endpoint tier (the Fargate agent's image
 * pull and logs); every other VPC address is denied (rules 135) before the two 0.0.0.0/0
 * allows. Those are for the S3 and DynamoDB gateway endpoints, whose public ranges a NACL
 * cannot name; with the VPC denied first and no route out but those endpoints, they admit
 * nothing else. The listening ports are denied from everywhere not allowed before (131,
 * 132), so rules 133 and 140 admit return traffic only.
 */
private paymentNacl(plan: CidrPlan) {
  const nacl = new CfnNetworkAcl(this, 'PaymentNacl', {
    vpcId: this.vpc.ref,
    tags: [{ key: 'Name', value: 'platform-payment' }],
  });
  this.subnets.payment.forEach((s, i) => {
    new CfnSubnetNetworkAclAssociation(
      this,
      `PaymentNaclAssociation${i + 1}`,
      {
        networkAclId: nacl.ref,
        subnetId: s.ref,
      },
    );
  });
  const entry = (
    id: string,
    ruleNumber: number,
    egress: boolean,
    cidrBlock: string,
    ports: { from: number; to: number },
    ruleAction: 'allow' | 'deny' = 'allow',
  ) =>
    new CfnNetworkAclEntry(this, id, {
      networkAclId: nacl.ref,
      ruleNumber,
      egress,
      protocol: TCP,
      ruleAction,
      cidrBlock,
      portRange: ports,
    });
  const port = (p: number) => ({ from: p, to: p });
  const ALL_PORTS = { from: 0, to: 65535 };

  plan.edge.forEach((cidr, i) => {
    entry(
      `InFromLoadBalancer${i + 1}`,
      100 + i,
      false,
      cidr,
      port(SERVICE_PORT),
    );
    entry(`OutToLoadBalancer${i + 1}`, 100 + i, true, cidr, EPHEMERAL);
  });
  const payment = plan.paymentSummary;
  entry('InHttpsWithinPayment', 110, false, payment, port(HTTPS_PORT));
  entry('OutHttpsWithinPayment', 110, true, payment, port(HTTPS_PORT));
  entry('InDatabaseWithinPayment', 120, false, payment, port(DATABASE_PORT));
  entry('OutDatabaseWithinPayment', 120, true, payment, port(DATABASE_PORT));
  entry('InReturnWithinPayment', 130, false, payment, EPHEMERAL);
  entry('OutReturnWithinPayment', 130, true, payment, EPHEMERAL);
  entry('InDenyService', 131, false, '0.0.0.0/0', port(SERVICE_PORT), 'deny');
  entry(
    'InDenyDatabase',
    132,
    false,
    '0.0.0.0/0',
    port(DATABASE_PORT),
    'deny',
  );
  const endpoints = plan.endpointsSummary;
  entry('InReturnFromEndpointTier', 133, false, endpoints, EPHEMERAL);
  entry('OutHttpsToEndpointTier', 133, true, endpoints, port(HTTPS_PORT));
  entry('InDenyRestOfVpc', 135, false, plan.vpc, ALL_PORTS, 'deny');
  entry('OutDenyRestOfVpc', 135, true, plan.vpc, ALL_PORTS, 'deny');
  entry('InReturnFromGatewayEndpoints', 140, false, '0.0.0.0/0', EPHEMERAL);
  entry(
    'OutHttpsToGatewayEndpoints',
    150,
    true,
    '0.0.0.0/0',
    port(HTTPS_PORT),
  );
}
