import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Lets the catalog accept `file` locations, which pbc:catalog:register adds for repositories
 * made by pbc:publish:local. Only when `pbcScaffolder.localPublish.enabled` is true: a `file`
 * location makes the catalog read a path on the backend host, which belongs in the embedded
 * default, not in production. The key is declared in the scaffolder module's config.d.ts.
 */
export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'pbc-local-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, config }) {
        if (config.getOptionalBoolean('pbcScaffolder.localPublish.enabled')) {
          locations.setAllowedLocationTypes(['url', 'file']);
        }
      },
    });
  },
});
