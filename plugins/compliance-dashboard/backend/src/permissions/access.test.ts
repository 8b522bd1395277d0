import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { resolvePbcAccess } from './access';

const credentials = mockCredentials.user();
const refs = (...names: string[]) =>
  names.map(name => ({ entityRef: `component:default/${name}` }));

/** A conditional decision; the permission backend allows refs ending in `-ok`. */
function conditional() {
  return mockServices.permissions.mock({
    authorizeConditional: async () => [
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['group:default/team-cart'] },
        },
      },
    ],
    authorize: jest.fn(async requests =>
      requests.map(r => ({
        result:
          'resourceRef' in r && r.resourceRef?.endsWith('-ok')
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
    expect(
      !allow.denied && (await allow.access.allowedRefs(refs('cart'))),
    ).toBe('all');
    const deny = await resolvePbcAccess({
      permissions: mockServices.permissions({
        result: AuthorizeResult.DENY,
      } as any),
      credentials,
    });
    expect(deny.denied).toBe(true);
  });

  it('asks the permission backend per PBC ref on a conditional decision, in batches of 250', async () => {
    const permissions = conditional();
    const result = await resolvePbcAccess({ permissions, credentials });
    const pbcs = [
      ...refs('cart-ok'),
      ...Array.from({ length: 250 }, (_, i) => refs(`other-${i}`)[0]),
      ...refs('search-ok'),
    ];
    expect(
      !result.denied && [...(await result.access.allowedRefs(pbcs))].sort(),
    ).toEqual(['component:default/cart-ok', 'component:default/search-ok']);
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
    expect(
      permissions.authorize.mock.calls.map(([requests]) => requests.length),
    ).toEqual([250, 2]);
    expect(permissions.authorize.mock.calls[1][0][1]).toEqual({
      permission: expect.objectContaining({
        name: 'compliance-dashboard.read',
      }),
      resourceRef: 'component:default/search-ok',
    });
  });
});
