import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { pathToFileURL } from 'node:url';
import type { LocalPublishSettings } from '../lib/config';
import {
  createLocalRepository,
  pathExists,
  resolveRepositoryPath,
} from '../lib/localRepository';
import { examples } from './publishLocal.examples';

export const PUBLISH_LOCAL_ACTION_ID = 'pbc:publish:local';

/**
 * `pbc:publish:local`: the embedded default's publisher. Commits the workspace into a new git
 * repository under `pbcScaffolder.localPublish.directory`, which the catalog then reads as a
 * `file` location. Never overwrites an existing repository.
 */
export function createPublishLocalAction(options: {
  settings: LocalPublishSettings;
}) {
  const { settings } = options;
  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      "Creates a git repository on the backend's disk (under pbcScaffolder.localPublish.directory) from the workspace and commits it. Refuses to overwrite an existing repository. For the embedded default; production templates publish with publish:github or publish:gitlab.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Repository name: lowercase kebab-case, 3 to 40 characters (normally the PBC name)',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace sub-directory to publish (default: the whole workspace)',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the catalog entity file from the repository root (default /catalog-info.yaml); it must exist',
            ),
        defaultBranch: z =>
          z
            .string()
            .optional()
            .describe(
              'Branch to commit to (default pbcScaffolder.localPublish.defaultBranch, else main)',
            ),
        commitMessage: z =>
          z.string().optional().describe('Message of the initial commit'),
      },
      output: {
        repoContentsUrl: z =>
          z.string().describe('file:// URL of the repository working tree'),
        catalogInfoPath: z =>
          z
            .string()
            .describe('Path of catalog-info.yaml from the repository root'),
        repoPath: z =>
          z
            .string()
            .describe('Absolute path of the repository on the backend host'),
        commitHash: z =>
          z
            .string()
            .describe('Hash of the initial commit (empty in a dry run)'),
      },
    },
    async handler(ctx) {
      const {
        name,
        sourcePath = '.',
        catalogInfoPath = '/catalog-info.yaml',
        defaultBranch = settings.defaultBranch,
        commitMessage = `Initial commit of PBC ${name} from the PBC Portal`,
      } = ctx.input;

      if (!settings.enabled) {
        throw new NotAllowedError(
          'Local publishing is disabled: set pbcScaffolder.localPublish.enabled to true (embedded default only), or publish to GitHub or GitLab',
        );
      }
      if (
        !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(defaultBranch) ||
        defaultBranch.includes('..')
      ) {
        throw new InputError(
          `defaultBranch: '${defaultBranch}' is not a valid branch name`,
        );
      }
      const target = resolveRepositoryPath(settings.directory, name);
      const sourceDirectory = resolveSafeChildPath(
        ctx.workspacePath,
        sourcePath,
      );
      const catalogInfo = resolveSafeChildPath(
        sourceDirectory,
        `.${catalogInfoPath.startsWith('/') ? '' : '/'}${catalogInfoPath}`,
      );
      if (!(await pathExists(catalogInfo))) {
        throw new InputError(
          `catalogInfoPath: ${catalogInfoPath} is not in the workspace; render the skeleton (fetch:template) before publishing`,
        );
      }
      const repoContentsUrl = pathToFileURL(target).href;

      if (ctx.isDryRun) {
        // No writes outside the workspace: only report what would happen.
        if (await pathExists(target)) {
          throw new ConflictError(
            `A repository named '${name}' already exists in the local repository directory; refusing to overwrite it`,
          );
        }
        ctx.logger.info(
          `Dry run: would create a git repository for '${name}' at ${target}`,
        );
        ctx.output('repoContentsUrl', repoContentsUrl);
        ctx.output('catalogInfoPath', catalogInfoPath);
        ctx.output('repoPath', target);
        ctx.output('commitHash', '');
        return;
      }

      // The existence check is inside the checkpoint: a resumed task whose repository was
      // already created gets the stored result instead of a "repository exists" failure.
      const { commitHash } = await ctx.checkpoint({
        key: `publish.local.${name}`,
        fn: async () =>
          createLocalRepository({
            sourceDirectory,
            target,
            defaultBranch,
            author: settings.author,
            commitMessage,
            onSkippedSymlink: relative =>
              ctx.logger.warn(
                `Skipped symbolic link ${relative}: not published`,
              ),
          }),
      });
      ctx.logger.info(
        `Created git repository for '${name}' at ${target} (${commitHash})`,
      );

      ctx.output('repoContentsUrl', repoContentsUrl);
      ctx.output('catalogInfoPath', catalogInfoPath);
      ctx.output('repoPath', target);
      ctx.output('commitHash', commitHash);
    },
  });
}
