import type { PlatformToolkit } from '../actions/platformRender';
import { PATTERNS_VERSION } from '@pbc-portal/pbc-domain';
import { renderInfrastructure, renderPlatform } from '../patterns';
import { checkReferencePatterns, runCfnLint } from '../validation';
import { leastPrivilegePage } from './leastPrivilegePage';
import type { InfrastructureToolkit } from './toolkit';

/** The real reference patterns and checks, as the render action uses them in a backend. */
export const defaultToolkit: InfrastructureToolkit = {
  patternsVersion: PATTERNS_VERSION,
  renderInfrastructure(spec, options) {
    const rendered = renderInfrastructure(spec, options);
    return {
      ...rendered,
      // Two neighbours rendered as well: the matrix needs their resources' names and tags.
      leastPrivilegePage: leastPrivilegePage(
        spec,
        rendered.template,
        (neighbour, producers) =>
          renderInfrastructure(neighbour, { producers }).template,
        PATTERNS_VERSION,
      ),
    };
  },
  checkReferencePatterns,
  runCfnLint,
};

/** The real platform pattern and cfn-lint, as the platform action uses them in a backend. */
export const defaultPlatformToolkit: PlatformToolkit = {
  patternsVersion: PATTERNS_VERSION,
  renderPlatform,
  runCfnLint,
};
