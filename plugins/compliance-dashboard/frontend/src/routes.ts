import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { createExternalRouteRef } from '@backstage/core-plugin-api';
import { createRouteRef } from '@backstage/frontend-plugin-api';

// One ref object per route serves both app systems: convertLegacyRouteRef adds the other
// system's fields to the same object, and the components resolve refs with core-plugin-api's
// useRouteRef, which works in both. The external refs start as legacy refs so that the legacy
// test app recognises them as external when it binds them.

/** Path of the compliance tab on an entity page (both app systems use it). */
export const COMPLIANCE_TAB_PATH = 'compliance';

/** The platform page. */
export const rootRouteRef = createRouteRef();
export const legacyRootRouteRef = convertLegacyRouteRef(rootRouteRef);

/** The platform groups' exemption approvals. */
export const exemptionsRouteRef = createRouteRef();
export const legacyExemptionsRouteRef =
  convertLegacyRouteRef(exemptionsRouteRef);

/** An entity page of the catalog; the app binds it (by default to `catalog.catalogEntity`). */
export const legacyCatalogEntityRouteRef = createExternalRouteRef({
  id: 'compliance-dashboard:catalog-entity',
  params: ['namespace', 'kind', 'name'],
  optional: true,
  defaultTarget: 'catalog.catalogEntity',
});
export const catalogEntityRouteRef = convertLegacyRouteRef(
  legacyCatalogEntityRouteRef,
);

/** Where a PBC is created from its template; the app binds it (by default to `scaffolder.root`). */
export const legacyCreateComponentRouteRef = createExternalRouteRef({
  id: 'compliance-dashboard:create-component',
  optional: true,
  defaultTarget: 'scaffolder.root',
});
export const createComponentRouteRef = convertLegacyRouteRef(
  legacyCreateComponentRouteRef,
);
