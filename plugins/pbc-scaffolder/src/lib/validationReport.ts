import { controlsForPbc } from '@pbc-portal/pbc-domain';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import type { PatternViolation } from '../validation';
import type { CfnLintFinding, NagFinding } from './toolkit';

/** What `infrastructure/validation.json` holds: every check run on the generated templates. */
export interface ValidationReport {
  pbc: string;
  patternsVersion: string;
  stackName: string;
  /** Control ids the per-PBC conformance pack and the checks cover for this spec. */
  controls: string[];
  cdkNag: { findings: NagFinding[] };
  referencePatterns: { violations: PatternViolation[] };
  cfnLint: {
    ran: boolean;
    /** Why cfn-lint did not run, when it did not. */
    skippedBecause?: string;
    findings: Array<CfnLintFinding & { file: string }>;
  };
  passed: boolean;
}

export function buildValidationReport(options: {
  spec: PbcSpec;
  patternsVersion: string;
  stackName: string;
  nagFindings: NagFinding[];
  violations: PatternViolation[];
  cfnLint: ValidationReport['cfnLint'];
}): ValidationReport {
  const { spec, nagFindings, violations, cfnLint } = options;
  return {
    pbc: spec.name,
    patternsVersion: options.patternsVersion,
    stackName: options.stackName,
    controls: controlsForPbc({ pciScope: spec.pciScope, level: 'pbc' }).map(
      control => control.id,
    ),
    cdkNag: { findings: nagFindings },
    referencePatterns: { violations },
    cfnLint,
    passed:
      nagFindings.length === 0 &&
      violations.length === 0 &&
      !cfnLint.findings.some(finding => finding.level === 'error'),
  };
}

/** The failures of a report as one readable list, one line per problem. */
export function listFailures(report: ValidationReport): string[] {
  const lines: string[] = [];
  for (const f of report.cdkNag.findings) {
    lines.push(
      `cdk-nag ${f.ruleId} [${f.level}] ${f.resourcePath}: ${f.message}`,
    );
  }
  for (const v of report.referencePatterns.violations) {
    lines.push(
      `reference pattern ${v.controlId}${
        v.resource ? ` (${v.resource})` : ''
      }: ${v.message}`,
    );
  }
  for (const f of report.cfnLint.findings.filter(x => x.level === 'error')) {
    const where = `${f.file}${f.line !== undefined ? `:${f.line}` : ''}`;
    lines.push(
      `cfn-lint ${f.ruleId} ${where}${f.resource ? ` (${f.resource})` : ''}: ${
        f.message
      }`,
    );
  }
  return lines;
}
