import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { CheckContext, type PatternViolation } from './context';
import { checkData } from './data';
import { checkGovernance } from './governance';
import { checkIdentity } from './identity';
import { checkMessaging } from './messaging';
import { checkNetwork } from './network';

export type { PatternViolation } from './context';
export { TAGGABLE_TYPES } from './governance';

/**
 * Our own static checks of a synthesized PBC template against the reference patterns and the
 * controls whose prevention check is `pbc-portal`. Pure: reads the template, returns what is
 * wrong, each with the control it breaks. An empty list means the template holds the patterns.
 */
export function checkReferencePatterns(
  spec: PbcSpec,
  template: Record<string, unknown>,
): PatternViolation[] {
  const ctx = new CheckContext(spec, template);
  checkIdentity(ctx);
  checkNetwork(ctx);
  checkMessaging(ctx);
  checkData(ctx);
  checkGovernance(ctx);
  return ctx.violations;
}
