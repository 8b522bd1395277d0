import { ConfigReadResult } from '../aws/types';
import { getControl } from '@pbc-portal/pbc-domain';
import { computeAccountResults, controlText, failingControls } from './results';
import { pbcTarget } from '../__testUtils__/testTargets';

const cart = pbcTarget('cart');
const payment = pbcTarget('payment', { pci: true });

function read(overrides: Partial<ConfigReadResult> = {}): ConfigReadResult {
  return {
    accountId: '111111111111',
    region: 'eu-west-1',
    resources: [
      {
        accountId: '111111111111',
        region: 'eu-west-1',
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: 'cart-table',
        resourceName: 'cart-table',
        arn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/cart-table',
        pbc: 'cart',
      },
      {
        accountId: '111111111111',
        region: 'eu-west-1',
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: 'cart-sessions',
        pbc: 'cart',
      },
      {
        accountId: '111111111111',
        region: 'eu-west-1',
        resourceType: 'AWS::SQS::Queue',
        resourceId: 'payment-queue',
        pbc: 'payment',
      },
    ],
    rules: [
      {
        name: 'DYNAMODB_PITR_ENABLED',
        sourceOwner: 'AWS',
        sourceIdentifier: 'DYNAMODB_PITR_ENABLED',
        compliance: 'NON_COMPLIANT',
      },
      {
        name: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
        sourceOwner: 'AWS',
        sourceIdentifier: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
        compliance: 'COMPLIANT',
      },
      {
        name: 'unrelated',
        sourceOwner: 'AWS',
        sourceIdentifier: 'SOMETHING_ELSE',
        compliance: 'NON_COMPLIANT',
      },
    ],
    evaluations: [
      {
        ruleName: 'DYNAMODB_PITR_ENABLED',
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: 'cart-table',
        compliance: 'NON_COMPLIANT',
        annotation: 'PITR is off',
      },
      {
        ruleName: 'DYNAMODB_PITR_ENABLED',
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: 'cart-sessions',
        compliance: 'COMPLIANT',
      },
      {
        ruleName: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: 'cart-table',
        compliance: 'COMPLIANT',
      },
      {
        ruleName: 'DYNAMODB_TABLE_ENCRYPTED_KMS',
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: 'cart-sessions',
        compliance: 'COMPLIANT',
      },
      {
        ruleName: 'unrelated',
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: 'cart-table',
        compliance: 'NON_COMPLIANT',
      },
      // A resource of no PBC: ignored.
      {
        ruleName: 'DYNAMODB_PITR_ENABLED',
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: 'someone-elses',
        compliance: 'NON_COMPLIANT',
      },
    ],
    conformancePacks: ['pbc-cart'],
    ...overrides,
  };
}

describe('computeAccountResults', () => {
  const [cartResult, paymentResult] = computeAccountResults(
    [cart, payment],
    [read()],
  );

  it('fails a control when one of the PBC resources is non-compliant', () => {
    const pitr = cartResult.controls.find(c => c.id === 'PBC-DATA-01')!;
    expect(pitr).toEqual({
      id: 'PBC-DATA-01',
      status: 'failing',
      compliant: 1,
      nonCompliant: 1,
      rules: ['DYNAMODB_PITR_ENABLED'],
      // What the page shows, kept with the result (a retired control still reads).
      ...controlText(getControl('PBC-DATA-01')),
    });
    expect(failingControls(cartResult.controls)).toEqual([
      { id: 'PBC-DATA-01', family: 'data' },
    ]);
    expect(cartResult.nonCompliant).toEqual([
      expect.objectContaining({
        resourceId: 'cart-table',
        configRuleName: 'DYNAMODB_PITR_ENABLED',
        controlIds: ['PBC-DATA-01'],
        annotation: 'PITR is off',
        arn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/cart-table',
      }),
    ]);
  });

  it('passes a control whose evaluations are all compliant', () => {
    expect(cartResult.controls.find(c => c.id === 'PBC-DATA-02')).toMatchObject(
      {
        status: 'passing',
        compliant: 2,
      },
    );
  });

  it('tells insufficient data from not applicable by the PBC resource types', () => {
    // RDS controls concern no resource of cart's.
    expect(cartResult.controls.find(c => c.id === 'PBC-DATA-04')?.status).toBe(
      'not-applicable',
    );
    // PBC-GOV-02 applies to every resource type but no rule evaluated it.
    expect(cartResult.controls.find(c => c.id === 'PBC-GOV-02')?.status).toBe(
      'insufficient-data',
    );
  });

  it('scores with the severity weights and counts failures by severity', () => {
    // DATA-01 (high, 5, failing) and DATA-02 (medium, 2, passing): 2 / 7.
    expect(cartResult.score).toBe(29);
    expect(cartResult.failingBySeverity).toEqual({
      critical: 0,
      high: 1,
      medium: 0,
      low: 0,
    });
    expect(cartResult.failingCount).toBe(1);
    expect(cartResult.passingCount).toBe(1);
  });

  it('applies pci controls only to pci PBCs and checks the conformance pack', () => {
    expect(cartResult.controls.some(c => c.id === 'PBC-NET-06')).toBe(false);
    expect(paymentResult.controls.some(c => c.id === 'PBC-NET-06')).toBe(true);
    expect(cartResult.conformancePackDeployed).toBe(true);
    expect(paymentResult.conformancePackDeployed).toBe(false);
    expect(paymentResult.score).toBeNull();
  });

  it('joins resources and evaluations within their own Region', () => {
    const [result] = computeAccountResults(
      [cart],
      [
        read({ evaluations: [] }),
        read({
          region: 'us-east-1',
          resources: [],
          evaluations: [
            {
              ruleName: 'DYNAMODB_PITR_ENABLED',
              resourceType: 'AWS::DynamoDB::Table',
              resourceId: 'cart-table',
              compliance: 'NON_COMPLIANT',
            },
          ],
        }),
      ],
    );
    // The us-east-1 evaluation names a resource id that is only tagged in eu-west-1.
    expect(result.controls.find(c => c.id === 'PBC-DATA-01')?.status).toBe(
      'insufficient-data',
    );
  });
});
