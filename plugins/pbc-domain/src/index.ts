/**
 * The PBC Portal controls catalog: the reference architecture as data,
 * shared by the scaffolder, the compliance dashboard and the docs.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './spec';
export { CONTROLS, isControlId } from './controls';
export type { ControlId } from './controls';
export { PBC_TAG_KEY, COMPLIANCE_RECORD_TAG } from './controls/tags';
export * from './naming';
export * from './annotations';
export { isPbcEntity } from './entity';
export type { PbcEntityCandidate } from './entity';
export { PATTERNS_VERSION, isPatternsVersionBehind } from './patternsVersion';
export {
  UnknownControlError,
  DEFAULT_GUIDANCE_BASE_URL,
  configRulesOf,
  controlsByFamily,
  controlsForConfigRule,
  controlsForPbc,
  findControl,
  getControl,
  guidanceUrl,
  matchRiskSignals,
} from './catalog';
export type { RiskSignalMatch } from './catalog';
