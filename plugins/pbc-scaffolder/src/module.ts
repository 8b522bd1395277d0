import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createCatalogRegisterAction,
  createGeneratedRecordAction,
  createInfrastructureRenderAction,
  createPlatformRenderAction,
  createInfrastructureRerenderAction,
  createPublishLocalAction,
  createSpecValidateAction,
} from './actions';
import { readPbcScaffolderSettings } from './lib/config';
import { defaultPlatformToolkit, defaultToolkit } from './lib/defaultToolkit';
import { RenderLimiter } from './lib/render/RenderLimiter';
import { createWiringRenderer } from './lib/renderWiring';
import { WorkerRenderer } from './lib/render/WorkerRenderer';

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
        lifecycle: coreServices.lifecycle,
        userInfo: coreServices.userInfo,
        urlReader: coreServices.urlReader,
      },
      async init({
        scaffolder,
        config,
        auth,
        catalog,
        lifecycle,
        userInfo,
        urlReader,
      }) {
        const settings = readPbcScaffolderSettings(config);
        const integrations = ScmIntegrations.fromConfig(config);
        // The permission policy's platform groups: their members may act for any owner.
        const platformGroups = config.getOptionalStringArray(
          'pbcPortal.permissions.platformGroups',
        );
        // Synthesis and cdk-nag take seconds of CPU: worker threads, a bounded number at once.
        const renderer = new WorkerRenderer();
        lifecycle.addShutdownHook(() => renderer.close());
        scaffolder.addActions(
          createSpecValidateAction({
            catalog,
            auth,
            userInfo,
            platformGroups,
          }),
          createInfrastructureRenderAction({
            toolkit: defaultToolkit,
            cfnLintExecutable: settings.cfnLintExecutable,
            renderer,
            limiter: new RenderLimiter(settings.render),
          }),
          createPlatformRenderAction({
            toolkit: defaultPlatformToolkit,
            cfnLintExecutable: settings.cfnLintExecutable,
          }),
          createGeneratedRecordAction(),
          createInfrastructureRerenderAction({
            toolkit: defaultToolkit,
            settings: settings.localPublish,
            cfnLintExecutable: settings.cfnLintExecutable,
            catalog,
            auth,
            integrations,
            reader: urlReader,
            userInfo,
            platformGroups,
            renderWiring: createWiringRenderer({
              reader: urlReader,
              integrations,
            }),
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
