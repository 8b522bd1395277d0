import {
  AuthService,
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEntityRef } from '../lib/catalogInfo';
import type { LocalPublishSettings } from '../lib/config';
import { pathExists } from '../lib/localRepository';
import { examples } from './catalogRegister.examples';

export const CATALOG_REGISTER_ACTION_ID = 'pbc:catalog:register';

interface ResolvedLocation {
  type: 'file' | 'url';
  target: string;
  /** Local file the entity ref is read from. */
  entityFile: string;
}

function relativeCatalogInfoPath(catalogInfoPath: string): string {
  const relative = catalogInfoPath.replace(/^\/+/, '');
  if (!relative || relative.split(/[\\/]/).includes('..')) {
    throw new InputError(
      `catalogInfoPath: '${catalogInfoPath}' must be a path inside the repository`,
    );
  }
  return relative;
}

/**
 * `pbc:catalog:register`: registers a new PBC's catalog-info.yaml as a catalog location, a
 * `file` location for a repository made by pbc:publish:local, a `url` location for a
 * repository on a configured GitHub or GitLab integration.
 */
export function createCatalogRegisterAction(options: {
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  settings: LocalPublishSettings;
  /**
   * When given, the location is registered with the scaffolder's own service credentials: the
   * portal's policy keeps `catalog.location.create` from users outside the platform groups.
   */
  auth?: Pick<AuthService, 'getOwnServiceCredentials'>;
}) {
  const { catalog, integrations, settings, auth } = options;

  function resolveLocation(
    repoContentsUrl: string,
    catalogInfoPath: string,
    workspacePath: string,
  ): ResolvedLocation {
    const relative = relativeCatalogInfoPath(catalogInfoPath);
    let url: URL;
    try {
      url = new URL(repoContentsUrl);
    } catch {
      throw new InputError(
        `repoContentsUrl: '${repoContentsUrl}' is not a URL`,
      );
    }
    if (url.protocol === 'file:') {
      if (!settings.enabled) {
        throw new InputError(
          'repoContentsUrl: file locations are only registered when pbcScaffolder.localPublish.enabled is true',
        );
      }
      const repoPath = fileURLToPath(url);
      const base = path.resolve(settings.directory);
      // Only repositories pbc:publish:local made: a file location anywhere else would let a
      // template read arbitrary files of the backend host into the catalog.
      if (repoPath === base || !isChildPath(base, repoPath)) {
        throw new InputError(
          'repoContentsUrl: file locations must be inside pbcScaffolder.localPublish.directory',
        );
      }
      const target = resolveSafeChildPath(repoPath, relative);
      return { type: 'file', target, entityFile: target };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new InputError(
        `repoContentsUrl: unsupported scheme '${url.protocol}' (file, https)`,
      );
    }
    const integration = integrations.byUrl(repoContentsUrl);
    if (!integration) {
      throw new InputError(
        `repoContentsUrl: no SCM integration is configured for ${url.host}`,
      );
    }
    return {
      type: 'url',
      target: integration.resolveUrl({
        base: repoContentsUrl,
        url: `/${relative}`,
      }),
      // What was pushed is the workspace, so the workspace copy declares the same entity.
      entityFile: resolveSafeChildPath(workspacePath, relative),
    };
  }

  return createTemplateAction({
    id: CATALOG_REGISTER_ACTION_ID,
    description:
      "Registers a new PBC's catalog-info.yaml in the catalog: a file location for a local repository made by pbc:publish:local, or a url location on a configured GitHub/GitLab integration. Outputs the entity ref.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoContentsUrl: z =>
          z
            .string()
            .describe(
              'Repository root: the file:// URL output by pbc:publish:local, or an https URL of a GitHub/GitLab repository tree',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the entity file from the repository root (default /catalog-info.yaml)',
            ),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe(
              'Ref of the registered Component, e.g. component:default/order',
            ),
        catalogInfoUrl: z =>
          z.string().describe('The registered location target'),
      },
    },
    async handler(ctx) {
      const { repoContentsUrl, catalogInfoPath = '/catalog-info.yaml' } =
        ctx.input;
      const location = resolveLocation(
        repoContentsUrl,
        catalogInfoPath,
        ctx.workspacePath,
      );

      if (ctx.isDryRun) {
        // A dry run's publisher created nothing, so read the entity from the workspace.
        const entityFile = resolveSafeChildPath(
          ctx.workspacePath,
          relativeCatalogInfoPath(catalogInfoPath),
        );
        const entityRef = await readEntityRef(entityFile);
        ctx.logger.info(
          `Dry run: would register ${location.type} location ${location.target} (${entityRef})`,
        );
        ctx.output('entityRef', entityRef);
        ctx.output('catalogInfoUrl', location.target);
        return;
      }

      if (!(await pathExists(location.entityFile))) {
        throw new InputError(
          `catalogInfoPath: ${catalogInfoPath} does not exist in the repository`,
        );
      }
      const entityRef = await readEntityRef(location.entityFile);

      await ctx.checkpoint({
        key: `catalog.register.${location.type}.${location.target}`,
        fn: async () => {
          await catalog.addLocation(
            { type: location.type, target: location.target },
            {
              credentials: auth
                ? await auth.getOwnServiceCredentials()
                : await ctx.getInitiatorCredentials(),
            },
          );
        },
      });
      ctx.logger.info(
        `Registered ${location.type} location ${location.target} (${entityRef})`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', location.target);
    },
  });
}
