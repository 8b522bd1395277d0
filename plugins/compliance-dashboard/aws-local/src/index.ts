/**
 * A local endpoint that speaks the AWS JSON 1.1 protocol for the AWS Config
 * and CloudTrail reads of the compliance dashboard, seeded with a
 * deterministic synthetic commerce platform.
 *
 * @packageDocumentation
 */

export { startAwsLocal } from './server/server';
export type { AwsLocal, AwsLocalOptions, AwsLocalStats } from './server/server';
export type { Faults } from './server/faults';
export {
  generatePlatform,
  demoPlatform,
  DEMO_PLATFORM_OPTIONS,
} from './platform/generate';
export { maxPlatformRules } from './platform/rules';
export { catalogEntitiesYaml } from './platform/catalog';
export type {
  AwsResource,
  EvaluationComplianceType,
  EvaluationRecord,
  GeneratePlatformOptions,
  Pbc,
  PbcPosture,
  Platform,
  PlatformAccount,
  PlatformConfigRule,
  RuleComplianceType,
  RuleEvaluations,
  TrailEvent,
  TrailEventStore,
} from './platform/types';
export { PlatformChanges, RESOURCE_COMPLIANCE_TYPE } from './platform/changes';
export type { ComplianceChange, QueryItem } from './platform/changes';
export type { LocalAggregator } from './server/aggregate';
export { LocalQueues } from './server/sqs';
export type { LocalQueueOptions } from './server/sqs';
export {
  COMPLIANCE_EVENTS_QUEUE,
  COMPLIANCE_EVENTS_DLQ,
  complianceChangeEvent,
} from './platform/changeEvents';
