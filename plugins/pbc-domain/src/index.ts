/**
 * The PBC Portal controls catalog: the reference architecture as data,
 * shared by the scaffolder, the compliance dashboard and the docs.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './spec';
export * from './naming';
export { CONTROLS, PBC_TAG_KEY, COMPLIANCE_RECORD_TAG } from './controls';
export * from './annotations';
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
