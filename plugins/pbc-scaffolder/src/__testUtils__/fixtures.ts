import type { Entity } from '@backstage/catalog-model';
import type { PbcSpec } from '@pbc-portal/pbc-domain';

/** Parameters of a valid PBC that fits {@link demoCatalog}. */
export function validParameters(overrides: Partial<PbcSpec> = {}): PbcSpec {
  return {
    name: 'order',
    description: 'Turns checked-out carts into orders.',
    owner: 'group:default/fulfilment-team',
    system: 'system:default/fulfilment',
    dataStore: 'dynamodb',
    publishes: ['order-placed', 'order-cancelled'],
    consumes: ['cart.cart-checked-out'],
    pciScope: false,
    exposure: 'internal',
    awsAccountId: '123456789012',
    awsRegion: 'eu-west-1',
    ...overrides,
  };
}

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

function system(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name, namespace: 'default' },
    spec: { owner: 'platform-team' },
  };
}

function pbc(
  name: string,
  publishes: string[],
  extraAnnotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'pbc-portal.io/pbc': name,
        'pbc-portal.io/publishes': publishes.join(','),
        ...extraAnnotations,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'checkout-team' },
  };
}

/**
 * A small platform: teams, systems, and PBCs that publish events. `legacy-cart` is a
 * Component whose PBC annotation names it `cart-v1`, to test the annotation-based name check;
 * `payment-events` is an API that carries the annotation of a PBC that is not in the catalog.
 */
export function demoCatalog(): Entity[] {
  return [
    group('platform-team'),
    group('checkout-team'),
    group('fulfilment-team'),
    group('payments-team'),
    system('checkout'),
    system('fulfilment'),
    system('platform'),
    pbc('cart', ['cart-checked-out', 'cart-abandoned']),
    pbc('payment', ['payment-captured'], { 'pbc-portal.io/pci-scope': 'true' }),
    pbc('inventory', ['stock-reserved', ' stock-released ']),
    pbc('legacy-cart', ['cart-v1-updated'], { 'pbc-portal.io/pbc': 'cart-v1' }),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'payment-events',
        namespace: 'default',
        annotations: { 'pbc-portal.io/pbc': 'refund' },
      },
      spec: {
        type: 'asyncapi',
        lifecycle: 'production',
        owner: 'payments-team',
        definition: '{}',
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'storefront-web', namespace: 'default' },
      spec: {
        type: 'website',
        lifecycle: 'production',
        owner: 'checkout-team',
      },
    },
  ];
}
