import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readCfnLintVersion } from '../lib/cfnLintVersion';
import { controlSummariesFor, resourceTypesOf } from '../lib/controlSummaries';
import { findExecutable } from '../lib/findExecutable';
import {
  buildGeneratedManifest,
  GENERATED_MANIFEST_PATH,
  renderGeneratedManifest,
} from '../lib/generatedManifest';
import { parsePbcSpec } from '../lib/parseSpec';
import type { RenderLimiter } from '../lib/render/RenderLimiter';
import type { InfrastructureRenderer } from '../lib/render/WorkerRenderer';
import { infrastructurePaths, renderCheckedFiles } from '../lib/renderChecked';
import type { InfrastructureToolkit } from '../lib/toolkit';
import { KEBAB_CASE, type ProducerFactsMap } from '@pbc-portal/pbc-domain';
import { z as zod } from 'zod';
import { isCommercialRegion } from '../lib/regions';
import { examples } from './infrastructureRender.examples';
import { pbcSpecObject } from './specInput';

export const INFRASTRUCTURE_RENDER_ACTION_ID = 'pbc:infrastructure:render';

const producerFactsSchema = zod.record(
  zod.string().regex(KEBAB_CASE),
  zod.strictObject({
    awsAccountId: zod.string().regex(/^\d{12}$/),
    awsRegion: zod.string().refine(isCommercialRegion),
    pciScope: zod.boolean(),
  }),
);

/** The producers input, checked: bad facts would put a wrong ARN in a policy. */
function parseProducers(input: unknown): ProducerFactsMap | undefined {
  if (input === undefined) {
    return undefined;
  }
  const result = producerFactsSchema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      `producers: must map PBC names to { awsAccountId (12 digits), awsRegion (a commercial Region), pciScope (boolean) }: ${result.error.issues
        .map(issue => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

/**
 * `pbc:infrastructure:render`: synthesizes the reference patterns for a PBC spec, checks the
 * result (cdk-nag, our reference-pattern checks, cfn-lint) and writes the CloudFormation, the
 * conformance pack, the spec and the validation report into the workspace. Nothing is written
 * when a check fails.
 */
export function createInfrastructureRenderAction(options: {
  toolkit: InfrastructureToolkit;
  /** cfn-lint command or path; defaults to `cfn-lint` on PATH. */
  cfnLintExecutable?: string;
  /**
   * Where synthesis and the pattern checks run. The backend passes a WorkerRenderer (off the
   * event loop); default: the toolkit in this thread.
   */
  renderer?: InfrastructureRenderer;
  /** Bounds concurrent renders (synthesis, checks and cfn-lint), dry runs included; default none. */
  limiter?: RenderLimiter;
}) {
  const { toolkit, limiter } = options;
  const renderer: InfrastructureRenderer = options.renderer ?? {
    async render(spec, { producers } = {}) {
      const rendered = toolkit.renderInfrastructure(spec, { producers });
      return {
        rendered,
        violations: toolkit.checkReferencePatterns(
          spec,
          rendered.template,
          rendered.subscriptions?.template,
        ),
      };
    },
  };
  const bounded = <T>(fn: () => Promise<T>) =>
    limiter ? limiter.run(fn) : fn();
  const cfnLintExecutable = options.cfnLintExecutable ?? 'cfn-lint';
  // Asking cfn-lint its version costs a second of Python start-up: once per executable.
  const versions = new Map<string, Promise<string | undefined>>();
  const versionOf = (executable: string) => {
    let version = versions.get(executable);
    if (!version) {
      version = readCfnLintVersion(executable);
      versions.set(executable, version);
    }
    return version;
  };
  return createTemplateAction({
    id: INFRASTRUCTURE_RENDER_ACTION_ID,
    description:
      "Renders a PBC's infrastructure from the reference patterns (CloudFormation + AWS Config conformance pack), fails on any cdk-nag finding, reference-pattern violation or cfn-lint error, and writes infrastructure/, pbc.yaml, infrastructure/validation.json and the PBC's least-privilege matrix (docs/least-privilege.md) into the workspace.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: z =>
          pbcSpecObject(z).describe(
            'The PBC spec, normally the spec output of pbc:spec:validate',
          ),
        producers: z =>
          z
            .record(
              z.object({
                awsAccountId: z.string(),
                awsRegion: z.string(),
                pciScope: z.boolean(),
              }),
            )
            .optional()
            .describe(
              'Account, Region and PCI scope of each producer (steps.validate.output.producers); a producer left out is assumed to share the PBC’s account, Region and scope',
            ),
        lint: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Run cfn-lint on the generated templates (default true). false skips it and records why in validation.json; not for production use.',
            ),
      },
      output: {
        stackName: z => z.string().describe('Name of the CloudFormation stack'),
        templatePath: z =>
          z.string().describe('Workspace path of the CloudFormation template'),
        conformancePackPath: z =>
          z
            .string()
            .describe('Workspace path of the conformance pack template'),
        conformancePackName: z =>
          z.string().describe('Name of the AWS Config conformance pack'),
        patternsVersion: z =>
          z.string().describe('Version of the reference patterns used'),
        controls: z =>
          z
            .array(z.string())
            .describe('Ids of the controls that apply to the PBC'),
        controlSummaries: z =>
          z
            .array(
              z.object({
                id: z.string(),
                title: z.string(),
                family: z.string(),
                severity: z.string(),
                guidanceUrl: z.string(),
                inStack: z.boolean(),
              }),
            )
            .describe(
              'The controls that apply, with titles and guidance links, for the docs',
            ),
        cfnLintVersion: z =>
          z
            .string()
            .describe(
              'Version of the cfn-lint used (empty when linting was skipped)',
            ),
      },
    },
    async handler(ctx) {
      // Re-validated here: the action can be called without pbc:spec:validate before it.
      const spec = parsePbcSpec(ctx.input.spec);
      const lint = ctx.input.lint ?? true;
      const paths = infrastructurePaths(spec.name);

      // Fail fast on a missing linter, before spending seconds on synthesis.
      let executable: string | undefined;
      if (lint) {
        executable = await findExecutable(cfnLintExecutable);
        if (!executable) {
          throw new ServiceUnavailableError(
            `cfn-lint was not found ('${cfnLintExecutable}' on PATH). Install it (pip install cfn-lint), set pbcScaffolder.cfnLint.executable, or pass lint: false to skip linting.`,
          );
        }
      }

      // Started now so that it overlaps synthesis; it never rejects.
      const cfnLintVersion = executable ? versionOf(executable) : undefined;

      ctx.logger.info(
        `Rendering infrastructure for '${spec.name}' with reference patterns ${toolkit.patternsVersion}`,
      );
      const { rendered, report, files } = await renderCheckedFiles({
        spec,
        toolkit,
        cfnLintExecutable: executable,
        producers: parseProducers(ctx.input.producers),
        render: (s, producers) => renderer.render(s, { producers }),
        bounded,
      });

      // Only workspace writes from here on; a dry run's workspace is thrown away afterwards,
      // so dry runs write too and the template editor shows the files. The manifest lets a
      // later re-render tell these files from ones the team has edited since.
      files.push([
        GENERATED_MANIFEST_PATH,
        renderGeneratedManifest(
          buildGeneratedManifest(toolkit.patternsVersion, files),
        ),
      ]);
      for (const [relative, content] of files) {
        const target = resolveSafeChildPath(ctx.workspacePath, relative);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, content, 'utf8');
      }
      const warnings = report.cfnLint.findings.length;
      ctx.logger.info(
        `Wrote ${files.map(([relative]) => relative).join(', ')}${
          ctx.isDryRun ? ' (dry run)' : ''
        }; ${
          report.controls.length
        } controls apply, ${warnings} cfn-lint non-error finding(s)`,
      );

      ctx.output('stackName', rendered.stackName);
      ctx.output('templatePath', paths.template);
      ctx.output('conformancePackPath', paths.conformancePack);
      ctx.output('conformancePackName', rendered.conformancePack.name);
      ctx.output('patternsVersion', toolkit.patternsVersion);
      ctx.output('controls', report.controls);
      ctx.output(
        'controlSummaries',
        controlSummariesFor(spec, resourceTypesOf(rendered.template)).map(
          summary => ({ ...summary }),
        ),
      );
      ctx.output('cfnLintVersion', (await cfnLintVersion) ?? '');
    },
  });
}
