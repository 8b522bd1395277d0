import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadPbcsFromCatalog } from './catalogPbcs';

function entity(kind: string, name: string, pbc: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'pbc-portal.io/pbc': pbc,
        'pbc-portal.io/aws-account-id': '111111111111',
        'pbc-portal.io/aws-region': 'eu-west-1',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'checkout-team' },
  };
}

describe('loadPbcsFromCatalog', () => {
  it('reads only what the domain calls a PBC: Components with a non-blank pbc annotation', async () => {
    const catalog = catalogServiceMock({
      entities: [
        entity('Component', 'cart', 'cart'),
        // An API of the cart PBC carries the annotation too; it is part of a PBC, not one.
        entity('API', 'cart-api', 'cart'),
        entity('Component', 'blank', '  '),
      ],
    });
    const targets = await loadPbcsFromCatalog(
      catalog,
      mockServices.auth(),
      mockServices.logger.mock(),
    );
    expect(targets.map(t => t.entityRef)).toEqual(['component:default/cart']);
  });
});
