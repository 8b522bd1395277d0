import { createRouteRef } from '@backstage/frontend-plugin-api';
import { createRouteRef as createLegacyRouteRef } from '@backstage/core-plugin-api';

/** The platform page, in the new frontend system. */
export const rootRouteRef = createRouteRef();

/** The platform page, in the legacy frontend system. */
export const legacyRootRouteRef = createLegacyRouteRef({
  id: 'compliance-dashboard',
});
