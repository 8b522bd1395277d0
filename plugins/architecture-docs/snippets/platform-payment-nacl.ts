/**
 * The payment tier's deny-by-default NACL (PBC-NET-08), the second line behind security
 * groups. Stateless, so every allowed flow has its return rule. Numbered with gaps.
 * Rules 140/150 name 0.0.0.0/0: the payment route table has no route out of the VPC except
 * the S3 and DynamoDB gateway endpoints, whose public address ranges a NACL cannot name, so
 * these admit exactly that traffic (and 443 inside the VPC, which security groups narrow).
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
  ) =>
    new CfnNetworkAclEntry(this, id, {
      networkAclId: nacl.ref,
      ruleNumber,
      egress,
      protocol: TCP,
      ruleAction: 'allow',
      cidrBlock,
      portRange: ports,
    });
  const port = (p: number) => ({ from: p, to: p });

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
  entry(
    'InHttpsWithinPayment',
    110,
    false,
    plan.paymentSummary,
    port(HTTPS_PORT),
  );
  entry(
    'OutHttpsWithinPayment',
    110,
    true,
    plan.paymentSummary,
    port(HTTPS_PORT),
  );
  entry(
    'InDatabaseWithinPayment',
    120,
    false,
    plan.paymentSummary,
    port(DATABASE_PORT),
  );
  entry(
    'OutDatabaseWithinPayment',
    120,
    true,
    plan.paymentSummary,
    port(DATABASE_PORT),
  );
  entry('InReturnFromVpc', 130, false, plan.vpc, EPHEMERAL);
  entry('OutReturnWithinPayment', 130, true, plan.paymentSummary, EPHEMERAL);
  entry('InReturnFromGatewayEndpoints', 140, false, '0.0.0.0/0', EPHEMERAL);
  entry('OutHttpsToEndpoints', 150, true, '0.0.0.0/0', port(HTTPS_PORT));
}
