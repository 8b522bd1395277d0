/**
 * The compliance dashboard backend plugin.
 *
 * @packageDocumentation
 */

export { complianceDashboardPlugin as default } from './plugin';
export {
  complianceDashboardServiceRef,
  complianceReaderServiceRef,
} from './service/serviceRefs';
export type { ComplianceService } from './service/ComplianceService';
export { exemptionListenerServiceRef } from './exemptions/serviceRefs';
export type { ExemptionListener } from './exemptions/events';
export type {
  AccountRegion,
  CloudTrailReadResult,
  ComplianceReader,
  ConfigReadResult,
  ConfigRuleInfo,
  RuleEvaluation,
  TaggedResource,
  TrailEvent,
} from './aws/types';
