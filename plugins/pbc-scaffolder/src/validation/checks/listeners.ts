import { HTTPS_PORT } from '@pbc-portal/pbc-domain';
import { asArray, ofType, props, resourcesOf } from '../template';

/**
 * PBC-EDGE-02 on a template's load balancer listeners: HTTPS listeners use one of the given
 * security policies, and an HTTP listener has exactly one action, a permanent redirect to
 * HTTPS on 443. Pure; returns one readable line per listener that breaks it.
 */
export function checkListeners(
  template: Record<string, unknown>,
  allowedPolicies: readonly string[],
): string[] {
  const problems: string[] = [];
  const listeners = ofType(
    resourcesOf(template),
    'AWS::ElasticLoadBalancingV2::Listener',
  );
  for (const [id, listener] of listeners) {
    const p = props(listener);
    if (p.Protocol === 'HTTPS') {
      if (!allowedPolicies.includes(p.SslPolicy)) {
        problems.push(
          `PBC-EDGE-02: ${id} uses the TLS policy ${
            p.SslPolicy ?? '(none: ELBSecurityPolicy-2016-08)'
          }, not ${allowedPolicies.join(' or ')}`,
        );
      }
      continue;
    }
    const actions = asArray<Record<string, any>>(p.DefaultActions);
    const redirect = actions[0]?.RedirectConfig ?? {};
    const redirects =
      actions.length === 1 &&
      actions[0].Type === 'redirect' &&
      redirect.Protocol === 'HTTPS' &&
      String(redirect.Port ?? '#{port}') === String(HTTPS_PORT) &&
      redirect.StatusCode === 'HTTP_301';
    if (!redirects) {
      problems.push(
        `PBC-EDGE-02: ${id} serves ${p.Protocol ?? 'plain'} on ${
          p.Port
        } instead of only redirecting to HTTPS on ${HTTPS_PORT} (301)`,
      );
    }
  }
  return problems;
}
