import {
  decideIam,
  type IamRequest,
  type PolicyStatement,
} from './iamDecision';

/**
 * The evaluator's own rules; its agreement with an independent simulator on the real matrices
 * is src/proof/iamDecision.peer.test.ts.
 */

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:pbc-cart_cart-checked-out';
const OTHER = 'arn:aws:sns:eu-west-1:111111111111:pbc-cart-peer_peer-event';

function request(
  statements: PolicyStatement[],
  extra: Partial<IamRequest> = {},
): IamRequest {
  return {
    action: 'sns:Publish',
    resource: TOPIC,
    context: { 'aws:PrincipalTag/pbc': 'cart' },
    identityPolicies: [{ Version: '2012-10-17', Statement: statements }],
    ...extra,
  };
}

const allowAll: PolicyStatement = {
  Effect: 'Allow',
  Action: '*',
  Resource: '*',
};
const ownTopics: PolicyStatement = {
  Sid: 'OwnTopics',
  Effect: 'Allow',
  Action: 'sns:Publish',
  // eslint-disable-next-line no-template-curly-in-string
  Resource: 'arn:aws:sns:*:111111111111:pbc-${aws:PrincipalTag/pbc}_*',
};

describe('decideIam', () => {
  it('allows what the identity policy and the boundary both allow', () => {
    const boundary = { Statement: [ownTopics] };
    expect(
      decideIam(request([allowAll], { permissionsBoundary: boundary }))
        .decision,
    ).toBe('Allowed');
    expect(
      decideIam(
        request([allowAll], { resource: OTHER, permissionsBoundary: boundary }),
      ),
    ).toEqual({
      decision: 'ImplicitlyDenied',
      why: 'no statement of the permissions boundary allows it',
    });
    expect(
      decideIam(request([], { permissionsBoundary: boundary })).decision,
    ).toBe('ImplicitlyDenied');
  });

  it('matches a policy variable to the request, and nothing when the request lacks it', () => {
    expect(decideIam(request([ownTopics])).decision).toBe('Allowed');
    expect(decideIam(request([ownTopics], { resource: OTHER })).decision).toBe(
      'ImplicitlyDenied',
    );
    expect(decideIam(request([ownTopics], { context: {} })).decision).toBe(
      'ImplicitlyDenied',
    );
    // A value with a wildcard is literal text, not a pattern.
    expect(
      decideIam(
        request([ownTopics], { context: { 'aws:PrincipalTag/pbc': 'c*' } }),
      ).decision,
    ).toBe('ImplicitlyDenied');
  });

  it('lets an explicit Deny win, with NotResource and negated and Null conditions', () => {
    const denyOthers: PolicyStatement = {
      Sid: 'DenyOthers',
      Effect: 'Deny',
      Action: 'sns:*',
      NotResource: ownTopics.Resource,
    };
    expect(
      decideIam(request([allowAll, denyOthers], { resource: OTHER })).decision,
    ).toBe('ExplicitlyDenied');
    expect(decideIam(request([allowAll, denyOthers])).decision).toBe('Allowed');
    const denyUntagged: PolicyStatement = {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { Null: { 'aws:PrincipalTag/pbc': 'true' } },
    };
    expect(decideIam(request([allowAll, denyUntagged])).decision).toBe(
      'Allowed',
    );
    expect(
      decideIam(request([allowAll, denyUntagged], { context: {} })).decision,
    ).toBe('ExplicitlyDenied');
    const denyRetag: PolicyStatement = {
      Effect: 'Deny',
      Action: 'iam:TagRole',
      Resource: '*',
      Condition: {
        // eslint-disable-next-line no-template-curly-in-string
        StringNotEqualsIfExists: {
          'aws:RequestTag/pbc': '${aws:PrincipalTag/pbc}',
        },
        'ForAnyValue:StringEquals': { 'aws:TagKeys': ['pbc'] },
      },
    };
    const tag = (value: string) =>
      decideIam(
        request([allowAll, denyRetag], {
          action: 'iam:TagRole',
          resource: 'arn:aws:iam::111111111111:role/pbc/cart/pbc-cart-role',
          context: {
            'aws:PrincipalTag/pbc': 'cart',
            'aws:RequestTag/pbc': value,
            'aws:TagKeys': ['pbc'],
          },
        }),
      ).decision;
    expect(tag('cart')).toBe('Allowed');
    expect(tag('checkout')).toBe('ExplicitlyDenied');
  });

  it('on a key, asks the key policy for the account root, skipping service principals', () => {
    const key = 'arn:aws:kms:eu-west-1:111111111111:key/k';
    const onKey = (statements: Array<Record<string, unknown>>) =>
      decideIam(
        request([allowAll], {
          action: 'kms:Decrypt',
          resource: key,
          context: { 'aws:PrincipalAccount': '111111111111' },
          keyPolicy: { Statement: statements as PolicyStatement[] },
        }),
      ).decision;
    const root = {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'kms:Decrypt',
      Resource: '*',
    };
    const service = {
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'kms:Decrypt',
      Resource: '*',
    };
    expect(onKey([root])).toBe('Allowed');
    expect(onKey([service])).toBe('ImplicitlyDenied');
    expect(
      onKey([
        { ...root, Principal: { AWS: 'arn:aws:iam::222222222222:root' } },
      ]),
    ).toBe('ImplicitlyDenied');
    expect(onKey([root, { ...root, Effect: 'Deny' }])).toBe('ExplicitlyDenied');
    expect(() =>
      onKey([
        { ...root, Principal: { AWS: 'arn:aws:iam::111111111111:role/x' } },
      ]),
    ).toThrow('Unsupported key policy principal');
  });

  it('throws on what it does not implement instead of guessing', () => {
    expect(() =>
      decideIam(
        request([
          {
            ...allowAll,
            Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
          },
        ]),
      ),
    ).toThrow("Unsupported condition operator 'IpAddress'");
    expect(() => decideIam(request([{ ...allowAll, Principal: '*' }]))).toThrow(
      "Unsupported statement element 'Principal'",
    );
    expect(() =>
      decideIam(
        request([
          { Effect: 'Allow', Action: 'sns:Publish', Resource: 'pbc-cart_*' },
        ]),
      ),
    ).toThrow('not an ARN');
    expect(() =>
      decideIam(
        request(
          [
            {
              Effect: 'Allow',
              Action: 'sns:Publish',
              Resource: '*',
              Condition: { StringEquals: { 'aws:TagKeys': 'pbc' } },
            },
          ],
          { context: { 'aws:TagKeys': ['pbc'] } },
        ),
      ),
    ).toThrow('multivalued');
    expect(() =>
      decideIam({
        ...request([allowAll]),
        identityPolicies: [{ Version: '2008-10-17', Statement: [allowAll] }],
      }),
    ).toThrow('Version');
  });
});
