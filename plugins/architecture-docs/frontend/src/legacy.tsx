// Entry points for apps still on the legacy frontend system (`createApp` from
// @backstage/app-defaults, routes and entity pages written in JSX).
import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import {
  TechDocsAddonLocations,
  createTechDocsAddonExtension,
} from '@backstage/plugin-techdocs-react';
import { MermaidDiagrams } from './components/MermaidDiagrams';
import { legacyRootRouteRef, legacyTechDocsEntityRouteRef } from './routes';

/** The architecture-docs plugin for the legacy frontend system. @public */
export const legacyArchitectureDocsPlugin = createPlugin({
  id: 'architecture-docs',
  routes: { root: legacyRootRouteRef },
  externalRoutes: { techDocsEntity: legacyTechDocsEntityRouteRef },
});

/** The guidance page (learning path); mount it at `/guidance`. @public */
export const GuidancePage = legacyArchitectureDocsPlugin.provide(
  createRoutableExtension({
    name: 'GuidancePage',
    component: () =>
      import('./components/GuidancePage').then(m => m.GuidancePage),
    mountPoint: legacyRootRouteRef,
  }),
);

/**
 * The related-guidance card for a PBC's entity page; wrap it in
 * `<EntitySwitch.Case if={isPbcEntity}>` (`isPbcEntity` from `@pbc-portal/pbc-domain`).
 *
 * @public
 */
export const RelatedGuidanceCard = legacyArchitectureDocsPlugin.provide(
  createComponentExtension({
    name: 'RelatedGuidanceCard',
    component: {
      lazy: () =>
        import('./components/RelatedGuidanceCard').then(
          m => m.RelatedGuidanceCard,
        ),
    },
  }),
);

/** TechDocs addon rendering ```mermaid blocks; put it inside `<TechDocsAddons>`. @public */
export const MermaidAddon = legacyArchitectureDocsPlugin.provide(
  createTechDocsAddonExtension({
    name: 'Mermaid',
    location: TechDocsAddonLocations.Content,
    component: MermaidDiagrams,
  }),
);
