import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { CheckContext, type PatternViolation } from './context';
import { checkData } from './data';
import { checkGovernance } from './governance';
import { checkIdentity } from './identity';
import { checkMessaging, checkSubscriptions } from './messaging';
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
  /** The subscriptions stack's template; when given, its subscriptions are checked too. */
  subscriptionsTemplate?: Record<string, unknown>,
): PatternViolation[] {
  const ctx = new CheckContext(spec, template, subscriptionsTemplate);
  checkIdentity(ctx);
  checkNetwork(ctx);
  checkMessaging(ctx);
  checkData(ctx);
  checkGovernance(ctx);
  if (subscriptionsTemplate) {
    checkSubscriptions(ctx);
  }
  return ctx.violations;
}
