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
