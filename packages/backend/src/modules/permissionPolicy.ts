import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
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

/** Groups whose members see every PBC's compliance data and may refresh it. */
export const DEFAULT_PLATFORM_GROUPS = ['group:default/platform-team'];

/**
 * The portal's policy:
 * - compliance data: the platform groups (architects, security) see every PBC and may refresh;
 *   everyone else sees the PBCs their teams own, and may not refresh;
 * - exemptions: a PBC's owners ask for them (the catalog's isEntityOwner, for everyone: a
 *   platform member asks only for what the platform team owns); the platform groups approve,
 *   reject and revoke (the plugin itself refuses a decision on one's own request);
 * - the catalog: deleting an entity is for its owners; creating and deleting locations (which
 *   make the catalog read a target and can remove every entity it produced) is for the platform
 *   groups. These are basic permissions without a resource, so the policy cannot see a
 *   location's targets; the scaffolder registers a new PBC's location with its own service
 *   credentials, which the permission framework does not put through the policy;
 * - everything else is allowed to signed-in users.
 */
export class PbcPortalPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
    private readonly platformGroups: string[] = DEFAULT_PLATFORM_GROUPS,
  ) {}

  static fromConfig(config: Config, userInfo: UserInfoService) {
    return new PbcPortalPermissionPolicy(
      userInfo,
      config.getOptionalStringArray('pbcPortal.permissions.platformGroups') ??
        DEFAULT_PLATFORM_GROUPS,
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { permission } = request;
    const needsOwnership =
      isPermission(permission, complianceDashboardReadPermission) ||
      isPermission(permission, complianceDashboardRefreshPermission) ||
      isPermission(permission, complianceDashboardExemptionRequestPermission) ||
      isPermission(permission, complianceDashboardExemptionDecidePermission) ||
      isPermission(permission, complianceDashboardExemptionRevokePermission) ||
      isPermission(permission, catalogEntityDeletePermission) ||
      isPermission(permission, catalogLocationCreatePermission) ||
      isPermission(permission, catalogLocationDeletePermission);
    if (!needsOwnership) {
      return { result: AuthorizeResult.ALLOW };
    }

    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const onPlatformTeam = ownershipEntityRefs.some(ref =>
      this.platformGroups.includes(ref),
    );

    if (
      isPermission(permission, complianceDashboardRefreshPermission) ||
      isPermission(permission, complianceDashboardExemptionDecidePermission) ||
      isPermission(permission, complianceDashboardExemptionRevokePermission) ||
      isPermission(permission, catalogLocationCreatePermission) ||
      isPermission(permission, catalogLocationDeletePermission)
    ) {
      return {
        result: onPlatformTeam ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    if (
      isPermission(permission, complianceDashboardReadPermission) &&
      onPlatformTeam
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isPermission(permission, complianceDashboardReadPermission) ||
      isPermission(permission, complianceDashboardExemptionRequestPermission) ||
      isPermission(permission, catalogEntityDeletePermission)
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'pbc-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
        config: coreServices.rootConfig,
      },
      async init({ policy, userInfo, config }) {
        policy.setPolicy(
          PbcPortalPermissionPolicy.fromConfig(config, userInfo),
        );
      },
    });
  },
});
