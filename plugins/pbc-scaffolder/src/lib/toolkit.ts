import type { PbcSpec, ProducerFactsMap } from '@pbc-portal/pbc-domain';
import type { PatternViolation } from '../validation';

/**
 * The reference patterns and the static checks the render action drives. They live in
 * `src/patterns` and `src/validation`; the action takes them as a toolkit so that its tests can
 * swap them and its own logic (what fails, what gets written) stays testable on its own.
 * These interfaces mirror that API structurally; a violation is the checks' own type.
 */
export interface NagFinding {
  ruleId: string;
  resourcePath: string;
  level: 'error' | 'warning';
  message: string;
}

export interface RenderedInfrastructure {
  stackName: string;
  template: Record<string, unknown>;
  templateYaml: string;
  conformancePack: { name: string; templateYaml: string };
  nagFindings: NagFinding[];
  subscriptions?: {
    stackName: string;
    template: Record<string, unknown>;
    templateYaml: string;
  };
  /** Aurora PBCs: the one-time SQL that creates the IAM database user. */
  databaseUserSql?: string;
  /** The PBC's least-privilege matrix, a TechDocs page (docs/least-privilege.md). */
  leastPrivilegePage?: string;
}

export interface CfnLintFinding {
  ruleId: string;
  level: 'error' | 'warning' | 'informational';
  message: string;
  resource?: string;
  line?: number;
}

export interface InfrastructureToolkit {
  patternsVersion: string;
  renderInfrastructure(
    spec: PbcSpec,
    options?: { producers?: ProducerFactsMap },
  ): RenderedInfrastructure;
  checkReferencePatterns(
    spec: PbcSpec,
    template: Record<string, unknown>,
    subscriptionsTemplate?: Record<string, unknown>,
  ): PatternViolation[];
  runCfnLint(
    templateYaml: string,
    options?: { executable?: string },
  ): Promise<CfnLintFinding[]>;
}
