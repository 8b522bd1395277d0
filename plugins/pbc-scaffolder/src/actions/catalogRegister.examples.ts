import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Register the local repository made by pbc:publish:local',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'pbc:catalog:register',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}',
            catalogInfoPath: '${{ steps.publish.output.catalogInfoPath }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Register a repository on a configured GitHub integration',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'pbc:catalog:register',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl: 'https://github.com/acme/order/tree/main',
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
