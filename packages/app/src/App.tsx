import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import techdocsPlugin from '@backstage/plugin-techdocs/alpha';
import architectureDocsPlugin from '@pbc-portal/plugin-architecture-docs';
import complianceDashboardPlugin from '@pbc-portal/plugin-compliance-dashboard';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

export default createApp({
  // The other plugins are discovered (`app.packages: all`); these are named because the
  // bindings below refer to them.
  features: [
    catalogPlugin,
    scaffolderPlugin,
    techdocsPlugin,
    complianceDashboardPlugin,
    architectureDocsPlugin,
    navModule,
    homeModule,
  ],
  bindRoutes({ bind }) {
    // The dashboard links PBCs and teams to their catalog pages, and an empty platform to the
    // template that creates a PBC.
    bind(complianceDashboardPlugin.externalRoutes, {
      catalogEntity: catalogPlugin.routes.catalogEntity,
      createComponent: scaffolderPlugin.routes.root,
    });
    // The guidance views link to the series' TechDocs.
    bind(architectureDocsPlugin.externalRoutes, {
      techDocsEntity: techdocsPlugin.routes.docRoot,
    });
  },
});
