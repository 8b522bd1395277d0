import {
  ApiBlueprint,
  ExternalRouteRef,
  OverridableFrontendPlugin,
  PageBlueprint,
  RouteRef,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import { isPbcEntity } from '@pbc-portal/pbc-domain';
import { ComplianceClient, complianceApiRef } from './api/ComplianceClient';
import {
  catalogEntityRouteRef,
  COMPLIANCE_TAB_PATH,
  createComponentRouteRef,
  exemptionsRouteRef,
  rootRouteRef,
} from './routes';

/** `api:compliance-dashboard`: the REST client, with the user's token. */
export const complianceApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: complianceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ComplianceClient({ discoveryApi, fetchApi }),
    }),
});

/** `page:compliance-dashboard`: the platform view at /compliance, in the nav as "Compliance". */
export const compliancePage = PageBlueprint.make({
  params: {
    path: '/compliance',
    title: 'Compliance',
    // A page with a route ref, a title and an icon is what the app's nav lists.
    icon: <VerifiedUserIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/PlatformPage').then(m => (
        <m.CompliancePageContent />
      )),
  },
});

/**
 * `page:compliance-dashboard/exemptions`: the platform groups' approvals at
 * /compliance-exemptions, in the nav as "Exemptions" (others see who decides).
 */
export const exemptionsPage = PageBlueprint.make({
  name: 'exemptions',
  params: {
    path: '/compliance-exemptions',
    title: 'Exemptions',
    icon: <AssignmentTurnedInIcon fontSize="inherit" />,
    routeRef: exemptionsRouteRef,
    loader: () =>
      import('./components/Exemptions').then(m => (
        <m.ExemptionApprovalsPageContent />
      )),
  },
});

/**
 * `entity-content:compliance-dashboard/pbc`: the "Compliance" tab at
 * `/catalog/:namespace/:kind/:name/compliance`, on PBCs only (`isPbcEntity`).
 */
export const pbcComplianceContent = EntityContentBlueprint.make({
  name: 'pbc',
  params: {
    path: COMPLIANCE_TAB_PATH,
    title: 'Compliance',
    filter: isPbcEntity,
    loader: () =>
      import('./components/PbcTab').then(m => <m.PbcComplianceContent />),
  },
});

/**
 * `entity-content:compliance-dashboard/team`: the "Compliance" tab of Group
 * pages at `/catalog/:namespace/group/:name/compliance`.
 */
export const teamComplianceContent = EntityContentBlueprint.make({
  name: 'team',
  params: {
    path: COMPLIANCE_TAB_PATH,
    title: 'Compliance',
    filter: { kind: 'group' },
    loader: () =>
      import('./components/TeamTab').then(m => <m.TeamComplianceContent />),
  },
});

/**
 * The compliance dashboard for the new frontend system: the client, the
 * platform page, the PBC tab and the team tab.
 *
 * @public
 */
export const complianceDashboardPlugin: OverridableFrontendPlugin<
  { root: RouteRef; exemptions: RouteRef },
  {
    catalogEntity: ExternalRouteRef<{
      namespace: string;
      kind: string;
      name: string;
    }>;
    createComponent: ExternalRouteRef;
  }
> = createFrontendPlugin({
  pluginId: 'compliance-dashboard',
  title: 'Compliance',
  icon: <VerifiedUserIcon fontSize="inherit" />,
  routes: { root: rootRouteRef, exemptions: exemptionsRouteRef },
  externalRoutes: {
    catalogEntity: catalogEntityRouteRef,
    createComponent: createComponentRouteRef,
  },
  extensions: [
    complianceApi,
    compliancePage,
    exemptionsPage,
    pbcComplianceContent,
    teamComplianceContent,
  ],
});
