/**
 * The reference infrastructure patterns: one AWS CDK stack per PBC, synthesized offline into
 * CloudFormation, checked with cdk-nag, plus the PBC's AWS Config conformance pack.
 */
export { renderInfrastructure } from './render';
export type { RenderedInfrastructure } from './render';
export type { PatternOverrides } from './stack';
export type { NagFinding } from './nag';
export { renderPlatform, resolvePlatformParams, cidrPlan } from './platform';
export type {
  PlatformParams,
  RenderedPlatform,
  ResolvedPlatformParams,
} from './platform';
