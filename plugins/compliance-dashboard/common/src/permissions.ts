import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read a PBC's compliance data. A resource permission on the PBC's catalog
 * entity, so that a policy can answer with the catalog's conditions (for
 * example `isEntityOwner`) and limit a team to its own PBCs.
 *
 * @public
 */
export const complianceDashboardReadPermission = createPermission({
  name: 'compliance-dashboard.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Start a refresh of the dashboard's data from AWS.
 *
 * @public
 */
export const complianceDashboardRefreshPermission = createPermission({
  name: 'compliance-dashboard.refresh',
  attributes: { action: 'update' },
});

/**
 * Ask for an exemption of one control of a PBC. A resource permission on the
 * PBC's catalog entity, like read, so that the policy decides with the
 * catalog's own ownership rule (`isEntityOwner`) who speaks for a PBC.
 *
 * @public
 */
export const complianceDashboardExemptionRequestPermission = createPermission({
  name: 'compliance-dashboard.exemption.request',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Approve or reject a requested exemption (the platform groups in the
 * portal's policy). Nobody decides their own request, whatever the policy says.
 *
 * @public
 */
export const complianceDashboardExemptionDecidePermission = createPermission({
  name: 'compliance-dashboard.exemption.decide',
  attributes: { action: 'update' },
});

/**
 * End a requested or approved exemption before its expiry.
 *
 * @public
 */
export const complianceDashboardExemptionRevokePermission = createPermission({
  name: 'compliance-dashboard.exemption.revoke',
  attributes: { action: 'delete' },
});

/** All permissions of the compliance dashboard. @public */
export const complianceDashboardPermissions = [
  complianceDashboardReadPermission,
  complianceDashboardRefreshPermission,
  complianceDashboardExemptionRequestPermission,
  complianceDashboardExemptionDecidePermission,
  complianceDashboardExemptionRevokePermission,
];
