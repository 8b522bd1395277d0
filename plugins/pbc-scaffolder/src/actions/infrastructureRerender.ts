import type {
  AuthService,
  UrlReaderService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { producersOf } from '../lib/catalogChecks';
import type { LocalPublishSettings } from '../lib/config';
import { findExecutable } from '../lib/findExecutable';
import {
  contentHash,
  GENERATED_MANIFEST_PATH,
  parseGeneratedManifest,
  renderGeneratedManifest,
  type GeneratedManifest,
} from '../lib/generatedManifest';
import { branchExists, commitOnNewBranch } from '../lib/gitBranch';
import {
  controlsOfReport,
  diffControls,
  diffResources,
} from '../lib/infrastructureDiff';
import { DEFAULT_PLATFORM_GROUPS } from '../lib/initiator';
import { parsePbcSpec } from '../lib/parseSpec';
import { infrastructurePaths, renderCheckedFiles } from '../lib/renderChecked';
import { authorizeRerender } from '../lib/rerenderAccess';
import { openRerenderSource } from '../lib/rerenderSource';
import type { WiringRenderer } from '../lib/renderWiring';
import { withTemplateVersion } from '../lib/templateVersionLine';
import type { InfrastructureToolkit } from '../lib/toolkit';
import { examples } from './infrastructureRerender.examples';

export const INFRASTRUCTURE_RERENDER_ACTION_ID = 'pbc:infrastructure:rerender';

const CATALOG_INFO_PATH = 'catalog-info.yaml';

/** Workspace directory that receives the changed files of a GitHub PBC, for the pull request. */
export const RERENDER_OUTPUT_DIR = 'rerender';

/** `pbc-portal/rerender-<version>`, with anything git would refuse in a ref replaced. */
export function rerenderBranch(patternsVersion: string): string {
  return `pbc-portal/rerender-${patternsVersion.replace(
    /[^A-Za-z0-9._-]/g,
    '-',
  )}`;
}

function readSpecFile(text: string, name: string) {
  let doc: { patternsVersion?: unknown; spec?: unknown };
  try {
    doc = yaml.parse(text) ?? {};
  } catch (error) {
    throw new InputError(`pbc.yaml of '${name}' is not valid YAML: ${error}`);
  }
  const spec = parsePbcSpec(doc.spec);
  if (spec.name !== name) {
    throw new InputError(
      `pbc.yaml of repository '${name}' describes PBC '${spec.name}'`,
    );
  }
  return {
    spec,
    patternsVersion:
      typeof doc.patternsVersion === 'string' ? doc.patternsVersion : 'unknown',
  };
}

/**
 * `pbc:infrastructure:rerender`: re-renders a PBC's generated files (infrastructure/, pbc.yaml,
 * the generated wiring of its service, the patterns-version annotation) with the current
 * reference patterns and skeleton, with its producers' facts from the catalog as at creation,
 * and reports the CloudFormation and controls diff. A local repository gets the changed files
 * committed on a new branch; for a repository on GitHub they are written to the workspace's
 * `rerender/` for the template's pull-request step. A file whose content no longer matches the
 * hash recorded at generation was edited by the team: it is left alone and reported. The PBC's
 * catalog entity says where its repository is, and only a member of its owner group (or of a
 * platform group) may start it.
 */
export function createInfrastructureRerenderAction(options: {
  toolkit: InfrastructureToolkit;
  settings: LocalPublishSettings;
  /** cfn-lint command or path; defaults to `cfn-lint` on PATH. */
  cfnLintExecutable?: string;
  /** Where the producers' facts come from, as for pbc:spec:validate. */
  catalog: CatalogService;
  auth: AuthService;
  /** Renders the service's generated wiring; without it only infrastructure is re-rendered. */
  renderWiring?: WiringRenderer;
  integrations: ScmIntegrationRegistry;
  /** Reads repositories on GitHub. */
  reader?: UrlReaderService;
  /** The initiator's ownership refs: only members of the PBC's owner group may re-render it. */
  userInfo: Pick<UserInfoService, 'getUserInfo'>;
  /** Members of these groups may re-render any PBC; default group:default/platform-team. */
  platformGroups?: string[];
}) {
  const { toolkit, settings } = options;
  const cfnLintExecutable = options.cfnLintExecutable ?? 'cfn-lint';
  const platformGroups = options.platformGroups ?? DEFAULT_PLATFORM_GROUPS;
  const idList = (z: any) => z.array(z.string());
  return createTemplateAction({
    id: INFRASTRUCTURE_RERENDER_ACTION_ID,
    description:
      "Re-renders a PBC's infrastructure and generated service wiring with the current reference patterns and its producers' catalog facts, runs the same checks as pbc:infrastructure:render, and commits the generated files that changed on a new branch pbc-portal/rerender-<version> of its local repository, or, for a repository on GitHub, writes them to the workspace's rerender/ for publish:github:pull-request. Files the team edited are never overwritten: they are reported as conflicts. The repository is the one the PBC's catalog entity names, and the initiator must belong to its owner group or a platform group.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Name of the PBC (its pbc-portal.io/pbc annotation), which is also the name of its local repository',
            ),
        lint: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Run cfn-lint on the re-rendered templates (default true); false records why in validation.json',
            ),
        sourceLocation: z =>
          z
            .string()
            .max(2000)
            .optional()
            .describe(
              "Optional, and refused unless it equals the PBC entity's backstage.io/source-location, which the action reads from the catalog: a GitHub URL reads the repository there and prepares a pull request; absent or file: uses the local repository",
            ),
      },
      output: {
        fromVersion: z =>
          z.string().describe('Patterns version the PBC was rendered with'),
        toVersion: z => z.string().describe('Current patterns version'),
        branch: z =>
          z
            .string()
            .describe('Branch with the re-render (empty when nothing changed)'),
        commitHash: z =>
          z
            .string()
            .describe(
              'Commit on that branch (empty in a dry run or when nothing changed)',
            ),
        changedFiles: z =>
          idList(z).describe('Generated files the branch changes'),
        conflicts: z =>
          idList(z).describe(
            'Generated files the team edited: left as they are, not re-rendered',
          ),
        resourcesAdded: z =>
          idList(z).describe('CloudFormation logical ids the re-render adds'),
        resourcesRemoved: z =>
          idList(z).describe('CloudFormation logical ids it removes'),
        resourcesChanged: z =>
          idList(z).describe(
            'CloudFormation logical ids whose properties change',
          ),
        controlsAdded: z => idList(z).describe('Controls that now apply'),
        controlsRemoved: z =>
          idList(z).describe('Controls that no longer apply'),
        summary: z =>
          z.string().describe('The above as Markdown, for the task page'),
        publishTo: z =>
          z
            .enum(['local', 'github'])
            .describe(
              'local: committed on a branch of the local repository; github: changed files in sourcePath for a pull request',
            ),
        repoUrl: z =>
          z
            .string()
            .describe(
              'GitHub: <host>?owner=<owner>&repo=<repo> for publish:github:pull-request (empty for local)',
            ),
        sourcePath: z =>
          z
            .string()
            .describe(
              'GitHub: workspace directory holding the changed files (empty for local)',
            ),
        title: z => z.string().describe('Title for the commit or pull request'),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const lint = ctx.input.lint ?? true;
      // Before anything is read from or written to a repository.
      const pbc = await authorizeRerender(name, {
        sourceLocation: ctx.input.sourceLocation,
        catalog: options.catalog,
        credentials: await ctx.getInitiatorCredentials(),
        userInfo: options.userInfo,
        platformGroups,
      });
      const source = await openRerenderSource({
        name,
        sourceLocation: pbc.sourceLocation,
        settings,
        integrations: options.integrations,
        reader: options.reader,
      });
      const read = source.read;
      const paths = infrastructurePaths(name);
      const specText = await read(paths.spec);
      if (specText === undefined) {
        throw new InputError(
          `Repository '${name}' has no ${paths.spec}: it was not generated by the PBC template`,
        );
      }
      const { spec, patternsVersion: fromVersion } = readSpecFile(
        specText,
        name,
      );
      const toVersion = toolkit.patternsVersion;

      let executable: string | undefined;
      if (lint) {
        executable = await findExecutable(cfnLintExecutable);
        if (!executable) {
          throw new ServiceUnavailableError(
            `cfn-lint was not found ('${cfnLintExecutable}' on PATH). Install it, set pbcScaffolder.cfnLint.executable, or pass lint: false.`,
          );
        }
      }
      ctx.logger.info(
        `Re-rendering ${pbc.entityRef} (patterns ${fromVersion}) with reference patterns ${toVersion}`,
      );
      // The producers' facts as pbc:spec:validate reads them at creation: without them the
      // patterns would assume each producer shares this PBC's account, Region and PCI scope.
      const producers = await producersOf(spec, {
        catalog: options.catalog,
        credentials: await options.auth.getOwnServiceCredentials(),
      });
      const {
        rendered,
        report,
        files: infrastructureFiles,
      } = await renderCheckedFiles({
        spec,
        toolkit,
        cfnLintExecutable: executable,
        producers,
      });
      const files = [
        ...infrastructureFiles,
        ...(options.renderWiring ? await options.renderWiring(spec, ctx) : []),
      ];

      const manifestText = await read(GENERATED_MANIFEST_PATH);
      const manifest: GeneratedManifest | undefined =
        manifestText === undefined
          ? undefined
          : parseGeneratedManifest(manifestText);
      const writes = new Map<string, string>();
      const conflicts: string[] = [];
      const nextManifest: GeneratedManifest = {
        patternsVersion: toVersion,
        files: {},
      };
      for (const [filepath, content] of files) {
        const before = await read(filepath);
        const recorded = manifest?.files[filepath];
        if (before === content) {
          nextManifest.files[filepath] = contentHash(content);
        } else if (before !== undefined && recorded !== contentHash(before)) {
          // Edited since it was generated (or generated before manifests existed).
          conflicts.push(filepath);
          if (recorded) {
            nextManifest.files[filepath] = recorded;
          }
        } else {
          writes.set(filepath, content);
          nextManifest.files[filepath] = contentHash(content);
        }
      }
      const catalogInfo = await read(CATALOG_INFO_PATH);
      if (catalogInfo !== undefined) {
        const edited = withTemplateVersion(catalogInfo, toVersion);
        if (edited === undefined) {
          conflicts.push(CATALOG_INFO_PATH);
        } else if (edited !== catalogInfo) {
          writes.set(CATALOG_INFO_PATH, edited);
        }
      }
      if (writes.size > 0) {
        writes.set(
          GENERATED_MANIFEST_PATH,
          renderGeneratedManifest(nextManifest),
        );
      }

      const resources = diffResources(
        await read(paths.template),
        rendered.template,
      );
      const controls = diffControls(
        controlsOfReport(await read(paths.report)),
        report.controls,
      );
      const changedFiles = [...writes.keys()].sort();

      let branch = '';
      let commitHash = '';
      let sourcePath = '';
      const title = `Re-render with reference patterns ${toVersion} (was ${fromVersion})`;
      if (changedFiles.length > 0) {
        branch = rerenderBranch(toVersion);
        const message = [
          title,
          '',
          `Changed: ${changedFiles.join(', ')}`,
          ...(conflicts.length > 0
            ? [`Left as the team edited them: ${conflicts.join(', ')}`]
            : []),
        ].join('\n');
        if (source.kind === 'github') {
          // The pull request step publishes these; the workspace is the task's own.
          sourcePath = RERENDER_OUTPUT_DIR;
          for (const [filepath, content] of writes) {
            const target = path.join(ctx.workspacePath, sourcePath, filepath);
            await fs.mkdir(path.dirname(target), { recursive: true });
            await fs.writeFile(target, content);
          }
        } else if (ctx.isDryRun) {
          // No writes outside the workspace in a dry run; the diff is the result.
          if (await branchExists(source.dir, branch)) {
            throw new ConflictError(
              `Branch '${branch}' already exists in the repository; merge or delete it first`,
            );
          }
        } else {
          commitHash = await ctx.checkpoint({
            key: `rerender.${name}.${toVersion}`,
            fn: () =>
              commitOnNewBranch({
                dir: source.dir,
                parent: source.head,
                branch,
                files: writes,
                message,
                author: settings.author,
              }),
          });
        }
      }

      let branchNote = '';
      if (source.kind === 'github') {
        branchNote = ' (pull request)';
      } else if (ctx.isDryRun) {
        branchNote = ' (dry run: not created)';
      }
      const list = (ids: string[]) =>
        ids.length > 0 ? ids.map(id => `\`${id}\``).join(', ') : 'none';
      const summary = [
        `Patterns ${fromVersion} → ${toVersion}.`,
        branch
          ? `Branch \`${branch}\`${branchNote}: ${list(changedFiles)}.`
          : 'Nothing to change.',
        `Resources added: ${list(resources.added)}; removed: ${list(
          resources.removed,
        )}; changed: ${list(resources.changed)}.`,
        `Controls added: ${list(controls.added)}; removed: ${list(
          controls.removed,
        )}.`,
        ...(conflicts.length > 0
          ? [
              `Not re-rendered because the team edited them: ${list(
                conflicts,
              )}.`,
            ]
          : []),
      ].join('\n\n');
      ctx.logger.info(summary);

      ctx.output('fromVersion', fromVersion);
      ctx.output('toVersion', toVersion);
      ctx.output('branch', branch);
      ctx.output('commitHash', commitHash);
      ctx.output('changedFiles', changedFiles);
      ctx.output('conflicts', conflicts);
      ctx.output('resourcesAdded', resources.added);
      ctx.output('resourcesRemoved', resources.removed);
      ctx.output('resourcesChanged', resources.changed);
      ctx.output('controlsAdded', controls.added);
      ctx.output('controlsRemoved', controls.removed);
      ctx.output('summary', summary);
      ctx.output('publishTo', source.kind);
      ctx.output('repoUrl', source.kind === 'github' ? source.repoUrl : '');
      ctx.output('sourcePath', sourcePath);
      ctx.output('title', title);
    },
  });
}
