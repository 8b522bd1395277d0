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

/** All permissions of the compliance dashboard. @public */
export const complianceDashboardPermissions = [
  complianceDashboardReadPermission,
  complianceDashboardRefreshPermission,
];
