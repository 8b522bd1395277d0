import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Validate the parameters of a PBC that publishes order events and consumes a cart event',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'pbc:spec:validate',
          name: 'Validate the PBC spec',
          input: {
            name: 'order',
            description: 'Takes checked-out carts and turns them into orders.',
            owner: 'group:default/fulfilment-team',
            system: 'system:default/fulfilment',
            dataStore: 'dynamodb',
            publishes: ['order-placed', 'order-cancelled'],
            consumes: ['cart.cart-checked-out'],
            pciScope: false,
            exposure: 'internal',
            awsAccountId: '123456789012',
            awsRegion: 'eu-west-1',
          },
        },
      ],
    }),
  },
  {
    description:
      'Validate the parameters passed straight from the template form (the pbc template does this)',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'pbc:spec:validate',
          name: 'Validate the PBC spec',
          input: {
            name: '${{ parameters.name }}',
            description: '${{ parameters.description }}',
            owner: '${{ parameters.owner }}',
            system: '${{ parameters.system }}',
            dataStore: '${{ parameters.dataStore }}',
            publishes: '${{ parameters.publishes }}',
            consumes: '${{ parameters.consumes }}',
            pciScope: '${{ parameters.pciScope }}',
            exposure: '${{ parameters.exposure }}',
            awsAccountId: '${{ parameters.awsAccountId }}',
            awsRegion: '${{ parameters.awsRegion }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Validate a card-data PBC in PCI DSS scope with an Aurora PostgreSQL store',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'pbc:spec:validate',
          name: 'Validate the PBC spec',
          input: {
            name: 'card-vault',
            description: 'Tokenises card numbers for the payment PBC.',
            owner: 'group:default/payments-team',
            system: 'system:default/checkout',
            dataStore: 'aurora-postgresql',
            publishes: ['card-tokenized'],
            consumes: ['payment.payment-captured'],
            pciScope: true,
            exposure: 'internal',
            awsAccountId: '210987654321',
            awsRegion: 'eu-central-1',
          },
        },
      ],
    }),
  },
];
