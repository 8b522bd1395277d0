import {
  EVENT_MAX_LENGTH,
  EVENT_MIN_LENGTH,
  MAX_CONSUMES,
  MAX_PUBLISHES,
  NAME_MAX_LENGTH,
  PbcSpec,
} from '@pbc-portal/pbc-domain';

/**
 * The PBCs the deployment and least-privilege proofs deploy, between them: PCI↔non-PCI pairs
 * both ways, cross-account and cross-Region producers, two pairs that consume each other,
 * two names where one is a prefix of the other (`order`, `order-history`), and the largest
 * inputs the form allows (most events, longest names) on pairs that consume each other.
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

/** `a07` at the shortest, `a07-xxx…` up to `length` characters. */
function event(prefix: string, i: number, length: number): string {
  const stem = `${prefix}${String(i).padStart(2, '0')}`;
  return length <= stem.length
    ? stem
    : `${stem}-${'x'.repeat(length)}`.slice(0, length);
}

function name(prefix: string, length: number): string {
  return `${prefix}-${'y'.repeat(length)}`.slice(0, Math.max(length, prefix.length));
}

/** Two PBCs that consume each other, `publishes` and `consumes` events each way. */
function pair(
  [a, b]: [string, string],
  publishes: number,
  consumes: number,
  eventLength: number,
): [PbcSpec, PbcSpec] {
  const events = (p: string, count: number) =>
    Array.from({ length: count }, (_, i) => event(p, i, eventLength));
  const spec = (self: string, other: string, mine: string, theirs: string) => ({
    ...base,
    name: self,
    owner: `group:default/${mine}-team`,
    dataStore: 'dynamodb' as const,
    publishes: events(mine, publishes),
    consumes: events(theirs, consumes).map(e => `${other}.${e}`),
  });
  return [
    {
      ...spec(a, b, 'a', 'b'),
      pciScope: false,
      awsAccountId: ACCOUNTS.retail,
      awsRegion: 'eu-west-1',
    },
    {
      ...spec(b, a, 'b', 'a'),
      pciScope: true,
      awsAccountId: ACCOUNTS.payments,
      awsRegion: 'eu-west-1',
    },
  ];
}

/**
 * The largest inputs the form allows: the most published events (MAX_PUBLISHES) and a
 * consumer of the most consumed events (MAX_CONSUMES, from another account, PCI-scoped), with
 * the shortest names, which is what fits CloudFormation's template body (the form's limits
 * hold per direction); and a pair with the longest names (PBC and event) consuming each
 * other, whose derived queue names need shortening.
 */
export function largestPbcs(): PbcSpec[] {
  const publisher = 'lgp';
  const published = Array.from({ length: MAX_PUBLISHES }, (_, i) =>
    event('p', i, EVENT_MIN_LENGTH),
  );
  return [
    {
      ...base,
      name: publisher,
      owner: 'group:default/a-team',
      dataStore: 'none',
      publishes: published,
      consumes: [],
      pciScope: false,
      awsAccountId: ACCOUNTS.retail,
      awsRegion: 'eu-west-1',
    },
    {
      ...base,
      name: 'lgc',
      owner: 'group:default/b-team',
      dataStore: 'none',
      publishes: [],
      // A PCI consumer from another account carries more per queue than the internal non-PCI
      // stack the form's limit is measured on: one fewer than MAX_CONSUMES is its largest fit
      // (the render refuses MAX_CONSUMES here at 51,915 bytes, naming the size).
      consumes: published
        .slice(0, MAX_CONSUMES - 1)
        .map(e => `${publisher}.${e}`),
      pciScope: true,
      awsAccountId: ACCOUNTS.payments,
      awsRegion: 'eu-west-1',
    },
    ...pair(
      [name('long-a', NAME_MAX_LENGTH), name('long-b', NAME_MAX_LENGTH)],
      2,
      2,
      EVENT_MAX_LENGTH,
    ),
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
    ...largestPbcs(),
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
