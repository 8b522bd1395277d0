import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace as a local git repository named after the PBC',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'pbc:publish:local',
          name: 'Publish to a local repository',
          input: {
            name: '${{ steps.validate.output.spec.name }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Publish with an explicit branch and commit message, with the entity file in a sub-directory',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'pbc:publish:local',
          name: 'Publish to a local repository',
          input: {
            name: 'inventory',
            defaultBranch: 'trunk',
            commitMessage: 'Scaffold the inventory PBC',
            catalogInfoPath: '/catalog/catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
