import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { PLATFORM_PARAMS } from '../../__testUtils__/platform';
import { renderPlatform } from '../../patterns/platform';
import { platformTargets } from './scenario';

/** One rendered platform stack. */
export interface PlatformUnit {
  account: string;
  region: string;
  template: Record<string, unknown>;
}

/**
 * The platform stack of every account and Region the specs deploy to, rendered by the
 * platform pattern. The first Region of an account is its primary Region: it holds the
 * account's IAM resources (the boundary and the deployment guard), which are global.
 */
export function renderPlatforms(
  specs: PbcSpec[],
  /** The ACM certificate of a target's shared load balancer, if it has one. */
  certificateFor: (target: {
    account: string;
    region: string;
  }) => string | undefined = () => undefined,
): PlatformUnit[] {
  const primary = new Map<string, string>();
  return platformTargets(specs).map(target => {
    if (!primary.has(target.account)) {
      primary.set(target.account, target.region);
    }
    const { template } = renderPlatform({
      ...PLATFORM_PARAMS,
      awsAccountId: target.account,
      awsRegion: target.region,
      primaryRegion: primary.get(target.account),
      certificateArn: certificateFor(target),
    });
    return { ...target, template };
  });
}
