import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createCatalogRegisterAction,
  createInfrastructureRenderAction,
  createInfrastructureRerenderAction,
  createPublishLocalAction,
  createSpecValidateAction,
} from './actions';
import { readPbcScaffolderSettings } from './lib/config';
import { defaultToolkit } from './lib/defaultToolkit';

/**
 * Adds the `pbc:*` actions of the PBC template to the scaffolder.
 *
 * @public
 */
export const scaffolderModulePbc = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'pbc',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, auth, catalog }) {
        const settings = readPbcScaffolderSettings(config);
        const integrations = ScmIntegrations.fromConfig(config);
        scaffolder.addActions(
          createSpecValidateAction({ catalog, auth }),
          createInfrastructureRenderAction({
            toolkit: defaultToolkit,
            cfnLintExecutable: settings.cfnLintExecutable,
          }),
          createInfrastructureRerenderAction({
            toolkit: defaultToolkit,
            settings: settings.localPublish,
            cfnLintExecutable: settings.cfnLintExecutable,
          }),
          createPublishLocalAction({ settings: settings.localPublish }),
          createCatalogRegisterAction({
            catalog,
            integrations,
            settings: settings.localPublish,
            auth,
          }),
        );
      },
    });
  },
});
