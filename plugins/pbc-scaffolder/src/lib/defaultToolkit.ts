import { PATTERNS_VERSION } from '@pbc-portal/pbc-domain';
import { renderInfrastructure } from '../patterns';
import { checkReferencePatterns, runCfnLint } from '../validation';
import type { InfrastructureToolkit } from './toolkit';

/** The real reference patterns and checks, as the render action uses them in a backend. */
export const defaultToolkit: InfrastructureToolkit = {
  patternsVersion: PATTERNS_VERSION,
  renderInfrastructure,
  checkReferencePatterns,
  runCfnLint,
};
