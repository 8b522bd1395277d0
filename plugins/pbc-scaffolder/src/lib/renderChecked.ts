import { InputError, ServiceUnavailableError } from '@backstage/errors';
import yaml from 'yaml';
import type { PbcSpec, ProducerFactsMap } from '@pbc-portal/pbc-domain';
import { DATABASE_USER_SQL_PATH } from '../patterns/databaseUser';
import type { PatternViolation } from '../validation';
import { LEAST_PRIVILEGE_PAGE_PATH } from './leastPrivilegePage';
import type { InfrastructureToolkit, RenderedInfrastructure } from './toolkit';
import {
  buildValidationReport,
  listFailures,
  type ValidationReport,
} from './validationReport';

/** Repository paths of the files rendered from the patterns, relative to its root. */
export function infrastructurePaths(name: string) {
  return {
    template: `infrastructure/pbc-${name}.template.yaml`,
    subscriptions: `infrastructure/pbc-${name}--subscriptions.template.yaml`,
    conformancePack: 'infrastructure/conformance-pack.yaml',
    report: 'infrastructure/validation.json',
    spec: 'pbc.yaml',
    databaseUser: DATABASE_USER_SQL_PATH,
    leastPrivilege: LEAST_PRIVILEGE_PAGE_PATH,
  };
}

function renderSpecFile(spec: PbcSpec, patternsVersion: string): string {
  const doc = new yaml.Document({ patternsVersion, spec });
  doc.commentBefore =
    ' The PBC spec this repository was generated from, and the version of the reference\n' +
    ' patterns its infrastructure/ was rendered with. The platform re-renders infrastructure/\n' +
    ' from this file when the patterns move on: edit it only through the portal.';
  return doc.toString();
}

async function lintAll(
  files: Array<{ file: string; templateYaml: string }>,
  toolkit: InfrastructureToolkit,
  executable: string,
): Promise<ValidationReport['cfnLint']['findings']> {
  // In parallel: each run is mostly cfn-lint's own start-up time.
  const results = await Promise.all(
    files.map(async ({ file, templateYaml }) => {
      try {
        const findings = await toolkit.runCfnLint(templateYaml, { executable });
        return findings.map(finding => ({ ...finding, file }));
      } catch (error) {
        if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') {
          throw new ServiceUnavailableError(
            `cfn-lint could not be started ('${executable}'): install it (pip install cfn-lint) or set pbcScaffolder.cfnLint.executable`,
          );
        }
        throw error;
      }
    }),
  );
  return results.flat();
}

/**
 * Renders a PBC's infrastructure with the toolkit's patterns and runs every check (cdk-nag, the
 * reference-pattern checks, cfn-lint unless `cfnLintExecutable` is undefined). Returns the
 * files to write, in order; throws an InputError listing every failure instead.
 */
export async function renderCheckedFiles(options: {
  spec: PbcSpec;
  toolkit: InfrastructureToolkit;
  cfnLintExecutable?: string;
  /** Facts of the producers the spec consumes from (their catalog entities). */
  producers?: ProducerFactsMap;
  /**
   * Where synthesis and the pattern checks run; default: the toolkit in this thread. The
   * backend passes a worker so that seconds of synthesis never block its event loop.
   */
  render?: (
    spec: PbcSpec,
    producers: ProducerFactsMap | undefined,
  ) => Promise<{
    rendered: RenderedInfrastructure;
    violations: PatternViolation[];
  }>;
  /** Bounds concurrent renders (synthesis, checks and cfn-lint); default none. */
  bounded?: <T>(fn: () => Promise<T>) => Promise<T>;
}): Promise<{
  rendered: RenderedInfrastructure;
  report: ValidationReport;
  files: Array<[string, string]>;
}> {
  const { spec, toolkit, cfnLintExecutable, producers } = options;
  const paths = infrastructurePaths(spec.name);
  const render =
    options.render ??
    (async (s: PbcSpec, p: ProducerFactsMap | undefined) => {
      const rendered = toolkit.renderInfrastructure(s, { producers: p });
      return {
        rendered,
        violations: toolkit.checkReferencePatterns(
          s,
          rendered.template,
          rendered.subscriptions?.template,
        ),
      };
    });
  const bounded = options.bounded ?? (<T>(fn: () => Promise<T>) => fn());
  const { rendered, violations, cfnLint } = await bounded(async () => {
    const result = await render(spec, producers);
    const lint: ValidationReport['cfnLint'] = cfnLintExecutable
      ? {
          ran: true,
          findings: await lintAll(
            [
              {
                file: paths.template,
                templateYaml: result.rendered.templateYaml,
              },
              {
                file: paths.conformancePack,
                templateYaml: result.rendered.conformancePack.templateYaml,
              },
              ...(result.rendered.subscriptions
                ? [
                    {
                      file: paths.subscriptions,
                      templateYaml: result.rendered.subscriptions.templateYaml,
                    },
                  ]
                : []),
            ],
            toolkit,
            cfnLintExecutable,
          ),
        }
      : { ran: false, skippedBecause: 'input lint: false', findings: [] };
    return { ...result, cfnLint: lint };
  });

  const report = buildValidationReport({
    spec,
    patternsVersion: toolkit.patternsVersion,
    stackName: rendered.stackName,
    nagFindings: rendered.nagFindings,
    violations,
    cfnLint,
  });
  if (!report.passed) {
    const failures = listFailures(report);
    throw new InputError(
      `The generated infrastructure for '${spec.name}' failed validation (${
        failures.length
      } problem${failures.length === 1 ? '' : 's'}):\n${failures
        .map(line => `- ${line}`)
        .join('\n')}`,
    );
  }
  return {
    rendered,
    report,
    files: [
      [paths.template, rendered.templateYaml],
      [paths.conformancePack, rendered.conformancePack.templateYaml],
      [paths.spec, renderSpecFile(spec, toolkit.patternsVersion)],
      [paths.report, `${JSON.stringify(report, null, 2)}\n`],
      ...(rendered.subscriptions
        ? ([
            [paths.subscriptions, rendered.subscriptions.templateYaml],
          ] as Array<[string, string]>)
        : []),
      ...(rendered.databaseUserSql
        ? ([[paths.databaseUser, rendered.databaseUserSql]] as Array<
            [string, string]
          >)
        : []),
      ...(rendered.leastPrivilegePage
        ? ([[paths.leastPrivilege, rendered.leastPrivilegePage]] as Array<
            [string, string]
          >)
        : []),
    ],
  };
}
