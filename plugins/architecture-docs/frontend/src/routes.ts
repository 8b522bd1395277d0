import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { createExternalRouteRef } from '@backstage/core-plugin-api';
import { createRouteRef } from '@backstage/frontend-plugin-api';

// One ref object per route serves both app systems: convertLegacyRouteRef adds the other
// system's fields to the same object, and the components resolve refs with core-plugin-api's
// useRouteRef, which works in both. The external ref starts as a legacy ref so that the legacy
// test app recognises it as external when it binds it.

/** The guidance page. */
export const rootRouteRef = createRouteRef();
export const legacyRootRouteRef = convertLegacyRouteRef(rootRouteRef);

/** An entity's TechDocs; the app binds it (by default to `techdocs.docRoot`). */
export const legacyTechDocsEntityRouteRef = createExternalRouteRef({
  id: 'architecture-docs:techdocs-entity',
  params: ['namespace', 'kind', 'name'],
  optional: true,
  defaultTarget: 'techdocs.docRoot',
});
export const techDocsEntityRouteRef = convertLegacyRouteRef(
  legacyTechDocsEntityRouteRef,
);
