/**
 * Static validation of a rendered PBC template: our own checks against the reference patterns
 * (pure TypeScript) and cfn-lint (an external executable).
 */
export { checkReferencePatterns } from './checks';
export type { PatternViolation } from './checks';
export { runCfnLint, runCfnLintMany } from './cfnLint';
export type { CfnLintFinding } from './cfnLint';
