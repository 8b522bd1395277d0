import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Re-render the PBC picked in the form with the current patterns, onto a new branch of its local repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'rerender',
          action: 'pbc:infrastructure:rerender',
          name: 'Re-render with the current patterns',
          input: {
            name: "${{ parameters.entity | parseEntityRef | pick('name') }}",
          },
        },
      ],
    }),
  },
  {
    description:
      "Re-render the order PBC; when its catalog entity's backstage.io/source-location is on GitHub the changed files go to rerender/ for publish:github:pull-request",
    example: yaml.stringify({
      steps: [
        {
          id: 'rerender',
          action: 'pbc:infrastructure:rerender',
          name: 'Re-render with the current patterns',
          input: { name: 'order' },
        },
      ],
    }),
  },
  {
    description:
      'Re-render the order PBC without cfn-lint (recorded in validation.json; not for production)',
    example: yaml.stringify({
      steps: [
        {
          id: 'rerender',
          action: 'pbc:infrastructure:rerender',
          name: 'Re-render with the current patterns',
          input: { name: 'order', lint: false },
        },
      ],
    }),
  },
];
