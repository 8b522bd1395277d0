import type { InfrastructureToolkit } from '../lib/toolkit';
import type { PbcSpec } from '@pbc-portal/pbc-domain';

/** A toolkit whose patterns render a tiny template and whose checks pass unless told. */
export function fakeToolkit(
  overrides: Partial<InfrastructureToolkit> = {},
): jest.Mocked<InfrastructureToolkit> {
  return {
    patternsVersion: '9.8.7',
    renderInfrastructure: jest.fn((spec: PbcSpec) => ({
      stackName: `pbc-${spec.name}`,
      template: { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } },
      templateYaml: `Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n`,
      conformancePack: {
        name: `pbc-${spec.name}`,
        templateYaml: 'Resources: {}\n',
      },
      nagFindings: [],
    })),
    checkReferencePatterns: jest.fn(() => []),
    runCfnLint: jest.fn(async () => []),
    ...overrides,
  } as jest.Mocked<InfrastructureToolkit>;
}
