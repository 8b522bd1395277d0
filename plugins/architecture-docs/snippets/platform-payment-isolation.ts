// Data and payment tiers: route tables with the local route only (PBC-NET-06). The
// payment tier's own table makes "no route out" readable in one screen for an assessor.
const dataRoutes = new CfnRouteTable(this, 'DataRouteTable', { vpcId });
azs.forEach((_, i) => associate('data', dataRoutes, i));
const paymentRoutes = new CfnRouteTable(this, 'PaymentRouteTable', {
  vpcId,
  tags: [{ key: 'Name', value: 'platform-payment' }],
});
azs.forEach((_, i) => associate('payment', paymentRoutes, i));
