import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  CONFORMANCE_PACK_ANNOTATION,
  DATA_STORE_ANNOTATION,
  EXPOSURE_ANNOTATION,
  PBC_ANNOTATION,
  PCI_SCOPE_ANNOTATION,
  PUBLISHES_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@pbc-portal/pbc-domain';
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
 * `pbc` template checks a new PBC's consumed events against the publishes annotation.
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
 * local AWS endpoint knows about. `yarn generate` writes the demo platform's
 * entities to catalog/demo-pbcs.yaml.
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
        `    ${PBC_ANNOTATION}: ${scalar(pbc.name)}`,
        `    ${AWS_ACCOUNT_ID_ANNOTATION}: '${pbc.accountId}'`,
        `    ${AWS_REGION_ANNOTATION}: ${scalar(pbc.region)}`,
        `    ${CONFORMANCE_PACK_ANNOTATION}: ${scalar(pbc.conformancePack)}`,
        `    ${TEMPLATE_VERSION_ANNOTATION}: '${pbc.templateVersion}'`,
        `    ${PCI_SCOPE_ANNOTATION}: '${pbc.pciScope}'`,
        `    ${DATA_STORE_ANNOTATION}: ${spec.dataStore}`,
        `    ${EXPOSURE_ANNOTATION}: ${spec.exposure}`,
        ...(spec.publishes.length > 0
          ? [`    ${PUBLISHES_ANNOTATION}: ${spec.publishes.join(',')}`]
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
