// Catalog entities as the demo platform registers them. Test-only.
import { Entity } from '@backstage/catalog-model';

export const paymentEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payment',
    namespace: 'default',
    annotations: {
      'pbc-portal.io/pbc': 'payment',
      'pbc-portal.io/aws-account-id': '222233334444',
      'pbc-portal.io/aws-region': 'eu-west-1',
      'pbc-portal.io/pci-scope': 'true',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
    system: 'checkout',
  },
};

export const plainComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'storefront-docs', namespace: 'default' },
  spec: { type: 'website', lifecycle: 'production', owner: 'platform-team' },
};

export const paymentsTeamEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

export const emptyTeamEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'customer-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};
