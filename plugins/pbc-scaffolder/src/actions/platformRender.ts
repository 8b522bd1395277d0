import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { findExecutable } from '../lib/findExecutable';
import type { CfnLintFinding } from '../lib/toolkit';
import type { PlatformParams, RenderedPlatform } from '../patterns';
import { examples } from './platformRender.examples';

export const PLATFORM_RENDER_ACTION_ID = 'pbc:platform:render';

/** What the action drives; tests swap it, a backend passes the real patterns. */
export interface PlatformToolkit {
  patternsVersion: string;
  renderPlatform(params: PlatformParams): RenderedPlatform;
  runCfnLint(
    templateYaml: string,
    options?: { executable?: string },
  ): Promise<CfnLintFinding[]>;
}

/** Workspace paths the action writes. */
export const PLATFORM_PATHS = {
  template: 'infrastructure/platform.template.yaml',
  /** Compact JSON: the smallest body; over 51,200 bytes, so it is deployed through S3. */
  templateJson: 'infrastructure/platform.template.json',
  report: 'infrastructure/validation.json',
  params: 'platform.yaml',
} as const;

/**
 * `pbc:platform:render`: renders the platform stack of one account and Region from the
 * reference patterns, fails on any unacknowledged cdk-nag finding or cfn-lint error, and writes
 * the template, its parameters and a validation report (with every acknowledged finding and its
 * written reason) into the workspace.
 */
export function createPlatformRenderAction(options: {
  toolkit: PlatformToolkit;
  cfnLintExecutable?: string;
}) {
  const { toolkit } = options;
  const cfnLintExecutable = options.cfnLintExecutable ?? 'cfn-lint';
  return createTemplateAction({
    id: PLATFORM_RENDER_ACTION_ID,
    description:
      'Renders the platform of one AWS account and Region (VPC, endpoints, shared load balancer, ECS cluster, permissions boundary and deployment guard, alarm topic, AWS Config, CloudTrail, compliance events) from the reference patterns, checks it with cdk-nag and cfn-lint, and writes infrastructure/ and platform.yaml.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        awsAccountId: z =>
          z.string().describe('The 12-digit AWS account of the platform'),
        awsRegion: z => z.string().describe('A commercial Region code'),
        primaryRegion: z =>
          z
            .string()
            .optional()
            .describe(
              "The Region with the account's IAM resources and CloudTrail trail (default: awsRegion)",
            ),
        vpcCidr: z =>
          z
            .string()
            .optional()
            .describe('A private /16 (default 10.40.0.0/16)'),
        organizationId: z =>
          z
            .string()
            .describe(
              'AWS Organizations id (o-…): principals that may subscribe to PBC topics',
            ),
        s3PrefixListId: z =>
          z
            .string()
            .describe('Managed prefix list of com.amazonaws.<region>.s3'),
        dynamodbPrefixListId: z =>
          z
            .string()
            .describe('Managed prefix list of com.amazonaws.<region>.dynamodb'),
        certificateArn: z =>
          z
            .string()
            .optional()
            .describe(
              'ACM certificate for the HTTPS listener (port 80 then redirects to it); without it the listener is HTTP on 80 and PBC-EDGE-02 is reported open',
            ),
        alarmEmail: z =>
          z
            .string()
            .optional()
            .describe('E-mail address subscribed to the alarm topic'),
        lint: z =>
          z
            .boolean()
            .optional()
            .describe('Run cfn-lint (default true); false records why'),
      },
      output: {
        stackName: z => z.string().describe('Name of the CloudFormation stack'),
        templatePath: z =>
          z.string().describe('Workspace path of the YAML template'),
        patternsVersion: z =>
          z.string().describe('Version of the reference patterns used'),
        acknowledged: z =>
          z
            .number()
            .describe('cdk-nag findings acknowledged with a written reason'),
      },
    },
    async handler(ctx) {
      const { lint: lintInput, ...params } = ctx.input;
      const lint = lintInput ?? true;
      let executable: string | undefined;
      if (lint) {
        executable = await findExecutable(cfnLintExecutable);
        if (!executable) {
          throw new ServiceUnavailableError(
            `cfn-lint was not found ('${cfnLintExecutable}' on PATH). Install it (pip install cfn-lint), or pass lint: false to skip linting.`,
          );
        }
      }
      // Throws InputError naming every bad parameter.
      const rendered = toolkit.renderPlatform(params as PlatformParams);
      const findings = executable
        ? await toolkit.runCfnLint(rendered.templateYaml, { executable })
        : [];
      const errors = findings.filter(f => f.level === 'error');
      // Without a certificate the HTTP listener is the expected stand-in: reported, not fatal.
      const openControls = params.certificateArn
        ? []
        : rendered.listenerFindings;
      const failures = [
        ...(params.certificateArn ? rendered.listenerFindings : []),
        ...rendered.nagFindings.map(
          f => `cdk-nag ${f.ruleId} on ${f.resourcePath}: ${f.message}`,
        ),
        ...errors.map(
          f =>
            `cfn-lint ${f.ruleId}${f.resource ? ` on ${f.resource}` : ''}: ${
              f.message
            }`,
        ),
      ];
      if (failures.length > 0) {
        throw new InputError(
          `The generated platform failed validation (${
            failures.length
          } problem${failures.length === 1 ? '' : 's'}):\n${failures
            .map(line => `- ${line}`)
            .join('\n')}`,
        );
      }

      const report = {
        stackName: rendered.stackName,
        patternsVersion: toolkit.patternsVersion,
        passed: true,
        openControls,
        nag: {
          open: rendered.nagFindings,
          acknowledged: rendered.nagAcknowledged,
        },
        cfnLint: executable
          ? { ran: true, findings }
          : { ran: false, skippedBecause: 'input lint: false', findings: [] },
      };
      const paramsDoc = new yaml.Document({
        patternsVersion: toolkit.patternsVersion,
        params,
      });
      paramsDoc.commentBefore =
        ' The parameters this platform was rendered with; re-render from them when the\n patterns move on.';
      const files: Array<[string, string]> = [
        [PLATFORM_PATHS.template, rendered.templateYaml],
        [PLATFORM_PATHS.templateJson, `${rendered.templateJson}\n`],
        [PLATFORM_PATHS.report, `${JSON.stringify(report, null, 2)}\n`],
        [PLATFORM_PATHS.params, paramsDoc.toString()],
      ];
      // Dry runs write too: their workspace is thrown away, and the editor shows the files.
      for (const [relative, content] of files) {
        const target = resolveSafeChildPath(ctx.workspacePath, relative);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, content, 'utf8');
      }
      for (const line of openControls) {
        ctx.logger.warn(
          `${line}: render with certificateArn before the first public PBC deploys`,
        );
      }
      ctx.logger.info(
        `Rendered the platform of ${params.awsAccountId} in ${
          params.awsRegion
        }${ctx.isDryRun ? ' (dry run)' : ''}: ${
          rendered.nagAcknowledged.length
        } acknowledged cdk-nag findings, ${
          findings.length
        } cfn-lint non-error finding(s)`,
      );
      ctx.output('stackName', rendered.stackName);
      ctx.output('templatePath', PLATFORM_PATHS.template);
      ctx.output('patternsVersion', toolkit.patternsVersion);
      ctx.output('acknowledged', rendered.nagAcknowledged.length);
    },
  });
}
