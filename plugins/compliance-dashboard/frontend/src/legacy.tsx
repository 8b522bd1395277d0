// Entry points for apps still on the legacy frontend system (`createApp` from
// @backstage/app-defaults, routes and entity pages written in JSX).
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ComplianceClient, complianceApiRef } from './api/ComplianceClient';
import {
  legacyCatalogEntityRouteRef,
  legacyCreateComponentRouteRef,
  legacyExemptionsRouteRef,
  legacyRootRouteRef,
} from './routes';

/** The compliance dashboard for the legacy frontend system. @public */
export const legacyComplianceDashboardPlugin = createPlugin({
  id: 'compliance-dashboard',
  apis: [
    createApiFactory({
      api: complianceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ComplianceClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: legacyRootRouteRef, exemptions: legacyExemptionsRouteRef },
  externalRoutes: {
    catalogEntity: legacyCatalogEntityRouteRef,
    createComponent: legacyCreateComponentRouteRef,
  },
});

/** The platform page; mount it at `/compliance`. @public */
export const CompliancePage = legacyComplianceDashboardPlugin.provide(
  createRoutableExtension({
    name: 'CompliancePage',
    component: () =>
      import('./components/PlatformPage').then(m => m.CompliancePage),
    mountPoint: legacyRootRouteRef,
  }),
);

/** The platform groups' exemption approvals; mount it at `/compliance-exemptions`. @public */
export const ComplianceExemptionsPage = legacyComplianceDashboardPlugin.provide(
  createRoutableExtension({
    name: 'ComplianceExemptionsPage',
    component: () =>
      import('./components/Exemptions').then(m => m.ExemptionApprovalsPage),
    mountPoint: legacyExemptionsRouteRef,
  }),
);

/**
 * The PBC compliance tab; put it in an `EntityLayout.Route path="/compliance"`
 * of component pages, behind `isPbcEntity` from `@pbc-portal/pbc-domain`.
 *
 * @public
 */
export const EntityPbcComplianceContent =
  legacyComplianceDashboardPlugin.provide(
    createComponentExtension({
      name: 'EntityPbcComplianceContent',
      component: {
        lazy: () =>
          import('./components/PbcTab').then(m => m.PbcComplianceContent),
      },
    }),
  );

/**
 * The team compliance tab; put it in an `EntityLayout.Route path="/compliance"`
 * of group pages.
 *
 * @public
 */
export const EntityTeamComplianceContent =
  legacyComplianceDashboardPlugin.provide(
    createComponentExtension({
      name: 'EntityTeamComplianceContent',
      component: {
        lazy: () =>
          import('./components/TeamTab').then(m => m.TeamComplianceContent),
      },
    }),
  );
