import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { pbcEntity } from '../domain/testTargets';
import { resolvePbcAccess } from './access';

const pbcs = [
  pbcEntity('cart', { owner: 'team-cart' }),
  pbcEntity('search', { owner: 'team-search' }),
].map(entity => ({
  entityRef: `component:default/${entity.metadata.name}`,
  entity: {
    ...entity,
    metadata: { ...entity.metadata, labels: { tier: 'Gold' } },
  },
}));
const credentials = mockCredentials.user();

function conditional(conditions: any) {
  return mockServices.permissions.mock({
    authorizeConditional: async () => [
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions,
      },
    ],
    authorize: jest.fn(async requests =>
      requests.map(r => ({
        result:
          'resourceRef' in r && r.resourceRef === 'component:default/search'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    ),
  });
}

describe('resolvePbcAccess', () => {
  it('allows everything on ALLOW and nothing on DENY', async () => {
    const allow = await resolvePbcAccess({
      permissions: mockServices.permissions({
        result: AuthorizeResult.ALLOW,
      } as any),
      credentials,
    });
    expect(allow.denied).toBe(false);
    expect(!allow.denied && (await allow.access.allowedRefs(pbcs))).toBe('all');
    const deny = await resolvePbcAccess({
      permissions: mockServices.permissions({
        result: AuthorizeResult.DENY,
      } as any),
      credentials,
    });
    expect(deny.denied).toBe(true);
  });

  it('evaluates the catalog rules in memory, without a call per PBC', async () => {
    const permissions = conditional({
      anyOf: [
        {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['group:default/team-cart'] },
        },
        {
          allOf: [
            {
              rule: 'HAS_LABEL',
              resourceType: 'catalog-entity',
              params: { label: 'TIER', value: 'gold' },
            },
            {
              not: {
                rule: 'IS_ENTITY_KIND',
                resourceType: 'catalog-entity',
                params: { kinds: ['component'] },
              },
            },
          ],
        },
      ],
    });
    const result = await resolvePbcAccess({ permissions, credentials });
    expect(
      !result.denied && [...(await result.access.allowedRefs(pbcs))],
    ).toEqual(['component:default/cart']);
    expect(permissions.authorize).not.toHaveBeenCalled();

    const byAnnotation = await resolvePbcAccess({
      permissions: conditional({
        rule: 'HAS_ANNOTATION',
        resourceType: 'catalog-entity',
        params: { annotation: 'pbc-portal.io/pbc', value: 'search' },
      }),
      credentials,
    });
    expect(
      !byAnnotation.denied && [
        ...(await byAnnotation.access.allowedRefs(pbcs)),
      ],
    ).toEqual(['component:default/search']);
  });

  it('asks the permission backend per PBC for rules it does not know', async () => {
    const permissions = conditional({
      rule: 'HAS_SPEC',
      resourceType: 'catalog-entity',
      params: { key: 'type', value: 'service' },
    });
    const result = await resolvePbcAccess({ permissions, credentials });
    expect(
      !result.denied && [...(await result.access.allowedRefs(pbcs))],
    ).toEqual(['component:default/search']);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize.mock.calls[0][0]).toHaveLength(2);
  });
});
