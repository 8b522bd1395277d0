/**
 * The platform pattern: one stack per account and Region with everything PBC stacks import
 * by the naming contract's export names.
 */
export { renderPlatform } from './render';
export type { RenderedPlatform } from './render';
export { resolvePlatformParams, cidrPlan } from './params';
export type {
  PlatformParams,
  ResolvedPlatformParams,
  CidrPlan,
} from './params';
