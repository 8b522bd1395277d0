import {
  ExternalRouteRef,
  OverridableFrontendPlugin,
  PageBlueprint,
  RouteRef,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import SchoolIcon from '@material-ui/icons/School';
import { isPbcEntity } from '@pbc-portal/pbc-domain';
import { rootRouteRef, techDocsEntityRouteRef } from './routes';

/** `page:architecture-docs`: the learning path at /guidance, in the sidebar as "Guidance". */
export const guidancePage = PageBlueprint.make({
  params: {
    path: '/guidance',
    title: 'Guidance',
    // A page with a route ref and an icon is what the app's nav lists.
    icon: <SchoolIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/GuidancePage').then(m => <m.GuidancePageContent />),
  },
});

/** `entity-card:architecture-docs/related-guidance`: only on PBC components. */
export const relatedGuidanceCard = EntityCardBlueprint.make({
  name: 'related-guidance',
  params: {
    filter: isPbcEntity,
    loader: () =>
      import('./components/RelatedGuidanceCard').then(m => (
        <m.RelatedGuidanceCard />
      )),
  },
});

/**
 * The architecture-docs plugin for the new frontend system: the guidance page and the
 * related-guidance entity card. The Mermaid addon is a module of the techdocs plugin,
 * {@link techDocsMermaidModule}.
 *
 * @public
 */
export const architectureDocsPlugin: OverridableFrontendPlugin<
  { root: RouteRef },
  {
    techDocsEntity: ExternalRouteRef<{
      namespace: string;
      kind: string;
      name: string;
    }>;
  }
> = createFrontendPlugin({
  pluginId: 'architecture-docs',
  title: 'Guidance',
  icon: <SchoolIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  externalRoutes: { techDocsEntity: techDocsEntityRouteRef },
  extensions: [guidancePage, relatedGuidanceCard],
});
