import {
  EVENT_MAX_LENGTH,
  MAX_EVENTS,
  NAME_MAX_LENGTH,
  PbcSpec,
} from '@pbc-portal/pbc-domain';

/**
 * The PBCs the deployment and least-privilege proofs deploy, between them: PCI↔non-PCI pairs
 * both ways, cross-account and cross-Region producers, two pairs that consume each other,
 * two names where one is a prefix of the other (`order`, `order-history`), and the largest
 * input the form allows (longest names, most events) on a pair that consume each other.
 */

export const ACCOUNTS = {
  retail: '111111111111',
  payments: '222222222222',
  orders: '333333333333',
} as const;

const base = {
  description: 'A PBC of the deployment proof',
  system: 'system:default/commerce',
  exposure: 'internal' as const,
};

function event(prefix: string, i: number): string {
  const stem = `${prefix}-${String(i).padStart(2, '0')}-`;
  return `${stem}${'x'.repeat(EVENT_MAX_LENGTH)}`.slice(0, EVENT_MAX_LENGTH);
}

function longName(prefix: string): string {
  return `${prefix}-${'y'.repeat(NAME_MAX_LENGTH)}`.slice(0, NAME_MAX_LENGTH);
}

/** The largest pair: longest names, MAX_EVENTS events each way of the longest length. */
export function largestPair(): [PbcSpec, PbcSpec] {
  const a = longName('largest-a');
  const b = longName('largest-b');
  const events = (p: string) =>
    Array.from({ length: MAX_EVENTS }, (_, i) => event(p, i));
  return [
    {
      ...base,
      name: a,
      owner: 'group:default/team-a',
      dataStore: 'dynamodb',
      publishes: events('ea'),
      consumes: events('eb').map(e => `${b}.${e}`),
      pciScope: false,
      awsAccountId: ACCOUNTS.retail,
      awsRegion: 'eu-west-1',
    },
    {
      ...base,
      name: b,
      owner: 'group:default/team-b',
      dataStore: 'dynamodb',
      publishes: events('eb'),
      consumes: events('ea').map(e => `${a}.${e}`),
      pciScope: true,
      awsAccountId: ACCOUNTS.payments,
      awsRegion: 'eu-west-1',
    },
  ];
}

export function proofSpecs(): PbcSpec[] {
  return [
    // order (non-PCI, orders account) and payment (PCI, payments account) consume each other.
    {
      ...base,
      name: 'order',
      owner: 'group:default/orders-team',
      dataStore: 'aurora-postgresql',
      publishes: ['order-placed'],
      consumes: ['payment.payment-captured'],
      pciScope: false,
      exposure: 'public',
      awsAccountId: ACCOUNTS.orders,
      awsRegion: 'eu-west-1',
    },
    {
      ...base,
      name: 'payment',
      owner: 'group:default/payments-team',
      dataStore: 'aurora-postgresql',
      publishes: ['payment-captured', 'payment-refunded'],
      consumes: ['order.order-placed'],
      pciScope: true,
      awsAccountId: ACCOUNTS.payments,
      awsRegion: 'eu-west-1',
    },
    // Same account, PCI → PCI.
    {
      ...base,
      name: 'card-vault',
      owner: 'group:default/payments-team',
      dataStore: 'dynamodb',
      publishes: ['card-tokenized'],
      consumes: ['payment.payment-captured'],
      pciScope: true,
      awsAccountId: ACCOUNTS.payments,
      awsRegion: 'eu-west-1',
    },
    // A producer in another Region.
    {
      ...base,
      name: 'catalog',
      owner: 'group:default/catalog-team',
      dataStore: 'none',
      publishes: ['product-updated'],
      consumes: [],
      pciScope: false,
      awsAccountId: ACCOUNTS.retail,
      awsRegion: 'eu-central-1',
    },
    {
      ...base,
      name: 'cart',
      owner: 'group:default/checkout-team',
      dataStore: 'dynamodb',
      publishes: ['cart-checked-out'],
      consumes: ['catalog.product-updated'],
      pciScope: false,
      exposure: 'public',
      awsAccountId: ACCOUNTS.retail,
      awsRegion: 'eu-west-1',
    },
    // Non-PCI consumer of a PCI producer in another account, and of a same-account producer.
    {
      ...base,
      name: 'checkout',
      owner: 'group:default/checkout-team',
      dataStore: 'dynamodb',
      publishes: ['checkout-completed'],
      consumes: ['cart.cart-checked-out', 'payment.payment-refunded'],
      pciScope: false,
      awsAccountId: ACCOUNTS.retail,
      awsRegion: 'eu-west-1',
    },
    // PCI consumer of a non-PCI producer in another account.
    {
      ...base,
      name: 'fraud',
      owner: 'group:default/payments-team',
      dataStore: 'none',
      publishes: [],
      consumes: ['checkout.checkout-completed'],
      pciScope: true,
      awsAccountId: ACCOUNTS.payments,
      awsRegion: 'eu-west-1',
    },
    // Its name starts with another PBC's name (`order`), in the same account.
    {
      ...base,
      name: 'order-history',
      owner: 'group:default/orders-team',
      dataStore: 'dynamodb',
      publishes: [],
      consumes: ['order.order-placed'],
      pciScope: false,
      awsAccountId: ACCOUNTS.orders,
      awsRegion: 'eu-west-1',
    },
    ...largestPair(),
  ];
}

/** The accounts and Regions the specs deploy to; each needs a platform stack. */
export function platformTargets(specs: PbcSpec[]) {
  const seen = new Map<string, { account: string; region: string }>();
  for (const spec of specs) {
    seen.set(`${spec.awsAccountId}/${spec.awsRegion}`, {
      account: spec.awsAccountId,
      region: spec.awsRegion,
    });
  }
  return [...seen.values()];
}
