import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import yaml from 'yaml';
import type { LocalPublishSettings } from '../lib/config';
import { findExecutable } from '../lib/findExecutable';
import {
  contentHash,
  GENERATED_MANIFEST_PATH,
  parseGeneratedManifest,
  renderGeneratedManifest,
  type GeneratedManifest,
} from '../lib/generatedManifest';
import {
  branchExists,
  commitOnNewBranch,
  readFileAtCommit,
} from '../lib/gitBranch';
import {
  controlsOfReport,
  diffControls,
  diffResources,
} from '../lib/infrastructureDiff';
import { pathExists, resolveRepositoryPath } from '../lib/localRepository';
import { parsePbcSpec } from '../lib/parseSpec';
import { infrastructurePaths, renderCheckedFiles } from '../lib/renderChecked';
import { withTemplateVersion } from '../lib/templateVersionLine';
import type { InfrastructureToolkit } from '../lib/toolkit';
import { examples } from './infrastructureRerender.examples';

export const INFRASTRUCTURE_RERENDER_ACTION_ID = 'pbc:infrastructure:rerender';

const CATALOG_INFO_PATH = 'catalog-info.yaml';

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
 * the patterns-version annotation) with the current reference patterns and commits them on a
 * new branch of its local repository, reporting the CloudFormation and controls diff. A file
 * whose content no longer matches the hash recorded at generation was edited by the team: it
 * is left alone and reported as a conflict.
 */
export function createInfrastructureRerenderAction(options: {
  toolkit: InfrastructureToolkit;
  settings: LocalPublishSettings;
  /** cfn-lint command or path; defaults to `cfn-lint` on PATH. */
  cfnLintExecutable?: string;
}) {
  const { toolkit, settings } = options;
  const cfnLintExecutable = options.cfnLintExecutable ?? 'cfn-lint';
  const idList = (z: any) => z.array(z.string());
  return createTemplateAction({
    id: INFRASTRUCTURE_RERENDER_ACTION_ID,
    description:
      "Re-renders a PBC's infrastructure with the current reference patterns, runs the same checks as pbc:infrastructure:render, and commits the generated files that changed on a new branch pbc-portal/rerender-<version> of its local repository. Files the team edited are never overwritten: they are reported as conflicts.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Name of the PBC, which is also the name of its local repository',
            ),
        lint: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Run cfn-lint on the re-rendered templates (default true); false records why in validation.json',
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
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const lint = ctx.input.lint ?? true;
      if (!settings.enabled) {
        throw new NotAllowedError(
          'Re-rendering works on local repositories and local publishing is disabled (pbcScaffolder.localPublish.enabled)',
        );
      }
      const dir = resolveRepositoryPath(settings.directory, name);
      if (!(await pathExists(dir))) {
        throw new NotFoundError(
          `No local repository named '${name}' in the local repository directory`,
        );
      }
      let head: string;
      try {
        head = await git.resolveRef({
          fs,
          dir,
          ref: `refs/heads/${settings.defaultBranch}`,
        });
      } catch {
        throw new NotFoundError(
          `Repository '${name}' has no branch '${settings.defaultBranch}'`,
        );
      }
      const read = (filepath: string) => readFileAtCommit(dir, head, filepath);
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
        `Re-rendering '${name}' (patterns ${fromVersion}) with reference patterns ${toVersion}`,
      );
      const { rendered, report, files } = await renderCheckedFiles({
        spec,
        toolkit,
        cfnLintExecutable: executable,
      });

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
      if (changedFiles.length > 0) {
        branch = rerenderBranch(toVersion);
        const message = [
          `Re-render infrastructure with reference patterns ${toVersion} (was ${fromVersion})`,
          '',
          `Changed: ${changedFiles.join(', ')}`,
          ...(conflicts.length > 0
            ? [`Left as the team edited them: ${conflicts.join(', ')}`]
            : []),
        ].join('\n');
        if (ctx.isDryRun) {
          // No writes outside the workspace in a dry run; the diff is the result.
          if (await branchExists(dir, branch)) {
            throw new ConflictError(
              `Branch '${branch}' already exists in the repository; merge or delete it first`,
            );
          }
        } else {
          commitHash = await ctx.checkpoint({
            key: `rerender.${name}.${toVersion}`,
            fn: () =>
              commitOnNewBranch({
                dir,
                parent: head,
                branch,
                files: writes,
                message,
                author: settings.author,
              }),
          });
        }
      }

      const list = (ids: string[]) =>
        ids.length > 0 ? ids.map(id => `\`${id}\``).join(', ') : 'none';
      const summary = [
        `Patterns ${fromVersion} → ${toVersion}.`,
        branch
          ? `Branch \`${branch}\`${
              ctx.isDryRun ? ' (dry run: not created)' : ''
            }: ${list(changedFiles)}.`
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
    },
  });
}
