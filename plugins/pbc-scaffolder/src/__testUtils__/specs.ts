import type { PbcSpec } from '@pbc-portal/pbc-domain';

const base = {
  description: 'A PBC for tests',
  owner: 'group:default/team-a',
  system: 'system:default/commerce',
  awsAccountId: '123456789012',
};

/**
 * Parameter sets the patterns are rendered and validated for. Between them: every data store,
 * both exposures, PCI and not, publisher only, consumer only, several events each way, no
 * events at all, and names long enough to hit the SQS name limit.
 */
export const SPECS: Record<string, PbcSpec> = {
  'payment with PCI scope (Aurora, public)': {
    ...base,
    name: 'payment',
    owner: 'group:default/payments-team',
    dataStore: 'aurora-postgresql',
    publishes: ['payment-captured', 'payment-refunded'],
    consumes: ['checkout.checkout-completed'],
    pciScope: true,
    exposure: 'public',
    awsRegion: 'eu-west-1',
  },
  'PCI scope with DynamoDB, internal': {
    ...base,
    name: 'card-vault',
    dataStore: 'dynamodb',
    publishes: ['card-tokenized'],
    consumes: ['payment.payment-authorized'],
    pciScope: true,
    exposure: 'internal',
    awsRegion: 'eu-central-1',
  },
  'DynamoDB, public': {
    ...base,
    name: 'cart',
    dataStore: 'dynamodb',
    publishes: ['cart-checked-out'],
    consumes: ['catalog.product-updated'],
    pciScope: false,
    exposure: 'public',
    awsRegion: 'us-east-1',
  },
  'Aurora, public, not PCI': {
    ...base,
    name: 'order',
    dataStore: 'aurora-postgresql',
    publishes: ['order-placed'],
    consumes: ['payment.payment-captured'],
    pciScope: false,
    exposure: 'public',
    awsRegion: 'eu-west-1',
  },
  'no data store': {
    ...base,
    name: 'search',
    dataStore: 'none',
    publishes: ['search-indexed'],
    consumes: ['catalog.product-updated'],
    pciScope: false,
    exposure: 'public',
    awsRegion: 'us-west-2',
  },
  'publisher only': {
    ...base,
    name: 'catalog',
    dataStore: 'dynamodb',
    publishes: ['product-updated', 'product-deleted'],
    consumes: [],
    pciScope: false,
    exposure: 'public',
    awsRegion: 'eu-west-1',
  },
  'consumer only, internal': {
    ...base,
    name: 'notification',
    dataStore: 'none',
    publishes: [],
    consumes: ['order.order-placed'],
    pciScope: false,
    exposure: 'internal',
    awsRegion: 'eu-west-2',
  },
  'several events each way': {
    ...base,
    name: 'inventory',
    dataStore: 'dynamodb',
    publishes: ['stock-reserved', 'stock-released', 'stock-depleted'],
    consumes: [
      'order.order-placed',
      'order.order-cancelled',
      'catalog.product-updated',
    ],
    pciScope: false,
    exposure: 'internal',
    awsRegion: 'eu-west-1',
  },
  'internal Aurora': {
    ...base,
    name: 'pricing',
    dataStore: 'aurora-postgresql',
    publishes: ['price-changed'],
    consumes: [],
    pciScope: false,
    exposure: 'internal',
    awsRegion: 'ap-southeast-2',
  },
  'no events, no data store': {
    ...base,
    name: 'content',
    dataStore: 'none',
    publishes: [],
    consumes: [],
    pciScope: false,
    exposure: 'public',
    awsRegion: 'us-east-1',
  },
  'long names at the SQS limit, PCI, consumer only': {
    ...base,
    name: 'customer-loyalty-programme-administrator',
    dataStore: 'none',
    publishes: [],
    consumes: [
      'promotions-and-campaign-orchestration.customer-segment-membership-recalculated',
    ],
    pciScope: true,
    exposure: 'internal',
    awsRegion: 'eu-west-1',
  },
};

/** A copy of one parameter set, safe to change in a test. */
export function spec(label: string): PbcSpec {
  const found = SPECS[label];
  if (!found) {
    throw new Error(`No spec fixture '${label}'`);
  }
  return structuredClone(found);
}
