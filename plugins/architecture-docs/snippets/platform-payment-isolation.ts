// Data and payment tiers: no internet or NAT route (PBC-NET-06); besides the local route,
// only the S3 and DynamoDB gateway endpoints below add routes. The payment tier's own
// table makes that boundary readable in one screen for an assessor.
const dataRoutes = new CfnRouteTable(this, 'DataRouteTable', { vpcId });
azs.forEach((_, i) => associate('data', dataRoutes, i));
const paymentRoutes = new CfnRouteTable(this, 'PaymentRouteTable', {
  vpcId,
  tags: [{ key: 'Name', value: 'platform-payment' }],
});
azs.forEach((_, i) => associate('payment', paymentRoutes, i));
