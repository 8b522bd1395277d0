import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render and check the platform of one account and Region from the template’s parameters',
    example: yaml.stringify({
      steps: [
        {
          id: 'platform',
          action: 'pbc:platform:render',
          name: 'Render the platform',
          input: {
            awsAccountId: '${{ parameters.awsAccountId }}',
            awsRegion: '${{ parameters.awsRegion }}',
            organizationId: '${{ parameters.organizationId }}',
            s3PrefixListId: '${{ parameters.s3PrefixListId }}',
            dynamodbPrefixListId: '${{ parameters.dynamodbPrefixListId }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a second Region of an account whose IAM resources and trail live in eu-west-1, with HTTPS, without cfn-lint',
    example: yaml.stringify({
      steps: [
        {
          id: 'platform',
          action: 'pbc:platform:render',
          name: 'Render the platform',
          input: {
            awsAccountId: '123456789012',
            awsRegion: 'eu-central-1',
            primaryRegion: 'eu-west-1',
            organizationId: 'o-abcdefghij',
            s3PrefixListId: 'pl-6ea54007',
            dynamodbPrefixListId: 'pl-66a5400f',
            certificateArn:
              'arn:aws:acm:eu-central-1:123456789012:certificate/0b8e8c6e-1234-4a5b-9c8d-0123456789ab',
            lint: false,
          },
        },
      ],
    }),
  },
];
