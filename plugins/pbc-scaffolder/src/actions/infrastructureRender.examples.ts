import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render and check the infrastructure of the spec validated by an earlier step',
    example: yaml.stringify({
      steps: [
        {
          id: 'infrastructure',
          action: 'pbc:infrastructure:render',
          name: 'Render the reference infrastructure',
          input: {
            spec: '${{ steps.validate.output.spec }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Render the infrastructure of an inline spec, without cfn-lint (for a machine without it; the report records that linting was skipped)',
    example: yaml.stringify({
      steps: [
        {
          id: 'infrastructure',
          action: 'pbc:infrastructure:render',
          name: 'Render the reference infrastructure',
          input: {
            spec: {
              name: 'cart',
              description: 'Holds shoppers’ carts until checkout.',
              owner: 'group:default/checkout-team',
              system: 'system:default/checkout',
              dataStore: 'dynamodb',
              publishes: ['cart-checked-out'],
              consumes: [],
              pciScope: false,
              exposure: 'public',
              awsAccountId: '123456789012',
              awsRegion: 'eu-west-1',
            },
            lint: false,
          },
        },
      ],
    }),
  },
];
