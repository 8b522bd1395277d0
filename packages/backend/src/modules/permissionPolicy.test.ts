import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  complianceDashboardExemptionDecidePermission,
  complianceDashboardExemptionRequestPermission,
  complianceDashboardExemptionRevokePermission,
  complianceDashboardReadPermission,
  complianceDashboardRefreshPermission,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { PbcPortalPermissionPolicy } from './permissionPolicy';

const memberOf = (...refs: string[]) => ({
  getUserInfo: async () => ({
    userEntityRef: 'user:default/someone',
    ownershipEntityRefs: refs,
  }),
});
const user = {
  credentials: mockCredentials.user(),
  info: { userEntityRef: 'user:default/someone', ownershipEntityRefs: [] },
};

describe('PbcPortalPermissionPolicy', () => {
  const architect = new PbcPortalPermissionPolicy(
    memberOf('user:default/ana', 'group:default/platform-team'),
  );
  const paymentsDev = new PbcPortalPermissionPolicy(
    memberOf('user:default/pat', 'group:default/payments-team'),
  );

  it('lets the platform team read every PBC and refresh', async () => {
    await expect(
      architect.handle({ permission: complianceDashboardReadPermission }, user),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      architect.handle(
        { permission: complianceDashboardRefreshPermission },
        user,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('limits other teams to the PBCs they own and refuses them a refresh', async () => {
    const read = await paymentsDev.handle(
      { permission: complianceDashboardReadPermission },
      user,
    );
    expect(read).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: ['user:default/pat', 'group:default/payments-team'] },
      },
    });
    await expect(
      paymentsDev.handle(
        { permission: complianceDashboardRefreshPermission },
        user,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets owners ask for exemptions, and only the platform decide and revoke them', async () => {
    for (const policy of [architect, paymentsDev]) {
      await expect(
        policy.handle(
          { permission: complianceDashboardExemptionRequestPermission },
          user,
        ),
      ).resolves.toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        conditions: { rule: 'IS_ENTITY_OWNER' },
      });
    }
    for (const permission of [
      complianceDashboardExemptionDecidePermission,
      complianceDashboardExemptionRevokePermission,
    ]) {
      await expect(architect.handle({ permission }, user)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
      await expect(paymentsDev.handle({ permission }, user)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('lets only owners delete catalog entities, even on the platform team', async () => {
    const decision = await architect.handle(
      { permission: catalogEntityDeletePermission },
      user,
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it('denies anonymous requests', async () => {
    await expect(
      architect.handle({ permission: complianceDashboardReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});

describe('PbcPortalPermissionPolicy: catalog locations', () => {
  const teams = {
    'checkout-team': AuthorizeResult.DENY,
    'payments-team': AuthorizeResult.DENY,
    'platform-team': AuthorizeResult.ALLOW,
  };

  it.each(Object.entries(teams))(
    'a member of %s creating or deleting a location: %s',
    async (team, expected) => {
      const policy = new PbcPortalPermissionPolicy(
        memberOf('user:default/someone', `group:default/${team}`),
      );
      for (const permission of [
        catalogLocationCreatePermission,
        catalogLocationDeletePermission,
      ]) {
        await expect(policy.handle({ permission }, user)).resolves.toEqual({
          result: expected,
        });
      }
    },
  );
});
