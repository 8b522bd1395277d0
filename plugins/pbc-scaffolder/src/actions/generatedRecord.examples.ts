import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Record the skeleton's generated wiring right after rendering it, before the consumers' handlers",
    example: yaml.stringify({
      steps: [
        {
          id: 'recordGenerated',
          action: 'pbc:generated:record',
          name: 'Record the generated wiring',
        },
      ],
    }),
  },
];
