import { controlIdsForRule } from './ruleMapping';

describe('controlIdsForRule', () => {
  it('maps a managed rule by its source identifier', () => {
    expect(
      controlIdsForRule({
        name: 'anything',
        sourceOwner: 'AWS',
        sourceIdentifier: 'DYNAMODB_PITR_ENABLED',
      }),
    ).toEqual(['PBC-DATA-01']);
  });

  it('maps a related rule to its control', () => {
    expect(
      controlIdsForRule({
        name: 'x',
        sourceIdentifier: 'RDS_MULTI_AZ_SUPPORT',
      }),
    ).toEqual(['PBC-DATA-03']);
  });

  it('maps a custom rule by the control id in its name', () => {
    expect(
      controlIdsForRule({ name: 'PBC-MSG-01', sourceOwner: 'CUSTOM_POLICY' }),
    ).toEqual(['PBC-MSG-01']);
    expect(
      controlIdsForRule({
        name: 'pbc-net-07-endpoints',
        sourceOwner: 'CUSTOM_LAMBDA',
      }),
    ).toEqual(['PBC-NET-07']);
  });

  it('maps conformance pack rule names by the managed rule in them', () => {
    expect(
      controlIdsForRule({
        name: 'dynamodb-pitr-enabled-conformance-pack-abc123',
      }),
    ).toEqual(['PBC-DATA-01']);
  });

  it('maps a rule named after its identifier without the source', () => {
    expect(controlIdsForRule({ name: 'DYNAMODB_PITR_ENABLED' })).toEqual([
      'PBC-DATA-01',
    ]);
  });

  it('maps unknown rules to nothing', () => {
    expect(
      controlIdsForRule({
        name: 'my-own-rule',
        sourceIdentifier: 'NOT_A_RULE',
      }),
    ).toEqual([]);
  });
});
