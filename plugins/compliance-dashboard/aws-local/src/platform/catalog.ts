import type { Platform } from './types';

/** Quotes a scalar when YAML would otherwise read it as something else. */
function scalar(value: string): string {
  if (
    /^[A-Za-z][A-Za-z0-9 ._/-]*$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value) &&
    !/[:#]/.test(value)
  ) {
    return value;
  }
  return JSON.stringify(value);
}

/**
 * What the demo PBCs publish, store and expose, as the scaffolder would have written it. The
 * `pbc` template checks a new PBC's consumed events against `pbc-portal.io/publishes`.
 * Generated PBCs outside this list publish `<name>-updated`.
 */
const DEMO_SPECS: Record<
  string,
  { publishes: string[]; dataStore: string; exposure: 'public' | 'internal' }
> = {
  cart: {
    publishes: ['cart-updated', 'cart-checked-out'],
    dataStore: 'dynamodb',
    exposure: 'public',
  },
  checkout: {
    publishes: ['checkout-completed'],
    dataStore: 'dynamodb',
    exposure: 'public',
  },
  payment: {
    publishes: ['payment-authorized', 'payment-captured', 'payment-failed'],
    dataStore: 'aurora-postgresql',
    exposure: 'internal',
  },
  order: {
    publishes: ['order-placed', 'order-cancelled', 'order-fulfilled'],
    dataStore: 'aurora-postgresql',
    exposure: 'internal',
  },
  catalog: {
    publishes: ['product-published', 'product-retired'],
    dataStore: 'dynamodb',
    exposure: 'public',
  },
  pricing: {
    publishes: ['price-changed'],
    dataStore: 'dynamodb',
    exposure: 'public',
  },
  search: { publishes: [], dataStore: 'none', exposure: 'public' },
  inventory: {
    publishes: ['stock-reserved', 'stock-depleted'],
    dataStore: 'dynamodb',
    exposure: 'internal',
  },
  customer: {
    publishes: ['customer-registered', 'customer-erased'],
    dataStore: 'aurora-postgresql',
    exposure: 'public',
  },
  promotions: {
    publishes: ['promotion-started'],
    dataStore: 'dynamodb',
    exposure: 'public',
  },
  content: {
    publishes: ['content-published'],
    dataStore: 'none',
    exposure: 'public',
  },
  shipping: {
    publishes: ['shipment-dispatched', 'shipment-delivered'],
    dataStore: 'dynamodb',
    exposure: 'internal',
  },
  fraud: {
    publishes: ['fraud-check-completed'],
    dataStore: 'dynamodb',
    exposure: 'internal',
  },
  loyalty: {
    publishes: ['points-awarded'],
    dataStore: 'dynamodb',
    exposure: 'internal',
  },
  notifications: { publishes: [], dataStore: 'none', exposure: 'internal' },
};

function specOf(name: string) {
  return (
    DEMO_SPECS[name] ?? {
      publishes: [`${name}-updated`],
      dataStore: 'dynamodb',
      exposure: 'internal' as const,
    }
  );
}

/**
 * The platform's PBCs as Backstage catalog entities (kind Component), one
 * YAML document each, so a catalog can be seeded with exactly the PBCs the
 * local AWS endpoint knows about.
 *
 * @public
 */
export function catalogEntitiesYaml(platform: Platform): string {
  return platform.pbcs
    .map(pbc => ({ pbc, spec: specOf(pbc.name) }))
    .map(({ pbc, spec }) =>
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${scalar(pbc.name)}`,
        `  title: ${scalar(pbc.title)}`,
        `  description: ${JSON.stringify(pbc.description)}`,
        '  tags:',
        '    - pbc',
        '  annotations:',
        `    pbc-portal.io/pbc: ${scalar(pbc.name)}`,
        `    pbc-portal.io/aws-account-id: '${pbc.accountId}'`,
        `    pbc-portal.io/aws-region: ${scalar(pbc.region)}`,
        `    pbc-portal.io/conformance-pack: ${scalar(pbc.conformancePack)}`,
        `    pbc-portal.io/template-version: '${pbc.templateVersion}'`,
        `    pbc-portal.io/pci-scope: '${pbc.pciScope}'`,
        `    pbc-portal.io/data-store: ${spec.dataStore}`,
        `    pbc-portal.io/exposure: ${spec.exposure}`,
        ...(spec.publishes.length > 0
          ? [`    pbc-portal.io/publishes: ${spec.publishes.join(',')}`]
          : []),
        'spec:',
        '  type: service',
        '  lifecycle: production',
        `  owner: ${scalar(pbc.owner)}`,
        `  system: ${scalar(pbc.system)}`,
      ].join('\n'),
    )
    .map(doc => `---\n${doc}\n`)
    .join('');
}
