import { CONTROLS } from './controls';
import {
  CONTROL_FAMILIES,
  ConfigRuleRef,
  Control,
  ControlFamily,
  ControlLevel,
  RiskSignal,
} from './types';

/**
 * Thrown by {@link getControl} for an id that is not in the catalog.
 *
 * @public
 */
export class UnknownControlError extends Error {
  readonly controlId: string;

  constructor(controlId: string) {
    super(
      `Unknown control id '${controlId}': it is not in the @pbc-portal/pbc-domain catalog`,
    );
    this.name = 'UnknownControlError';
    this.controlId = controlId;
    // Keeps instanceof working when compiled to ES5.
    Object.setPrototypeOf(this, UnknownControlError.prototype);
  }
}

// Built once; the catalog is static data.
const byId = new Map<string, Control>(CONTROLS.map(c => [c.id, c]));

/** @public */
export function findControl(id: string): Control | undefined {
  return byId.get(id);
}

/**
 * The control with this id.
 *
 * @throws {@link UnknownControlError} if the id is not in the catalog.
 * @public
 */
export function getControl(id: string): Control {
  const control = byId.get(id);
  if (!control) {
    throw new UnknownControlError(id);
  }
  return control;
}

/** Controls grouped by family; every family is present, in catalog order. @public */
export function controlsByFamily(): Record<ControlFamily, Control[]> {
  const groups = Object.fromEntries(
    CONTROL_FAMILIES.map(family => [family, [] as Control[]]),
  ) as Record<ControlFamily, Control[]>;
  for (const control of CONTROLS) {
    groups[control.family].push(control);
  }
  return groups;
}

/** The primary and related AWS Config rules of a control. @public */
export function configRulesOf(control: Control): ConfigRuleRef[] {
  const { configRule, relatedConfigRules = [] } = control.detection;
  return configRule ? [configRule, ...relatedConfigRules] : relatedConfigRules;
}

/**
 * Controls detected by the AWS Config managed rule with this identifier
 * (primary or related). Case-sensitive, as AWS identifiers are.
 *
 * @public
 */
export function controlsForConfigRule(identifier: string): Control[] {
  return CONTROLS.filter(c =>
    configRulesOf(c).some(rule => rule.identifier === identifier),
  );
}

/** @public */
export interface RiskSignalMatch {
  control: Control;
  signal: RiskSignal;
}

const matches = (pattern: string, value: string) =>
  pattern === '*' || pattern === value;

/**
 * The controls and signals whose event source and name match a CloudTrail
 * event. Predicates (`signal.when`) are not evaluated here: the caller has
 * the full record and decides.
 *
 * @public
 */
export function matchRiskSignals(event: {
  eventSource: string;
  eventName: string;
}): RiskSignalMatch[] {
  const result: RiskSignalMatch[] = [];
  for (const control of CONTROLS) {
    for (const signal of control.detection.cloudTrail) {
      if (
        matches(signal.eventSource, event.eventSource) &&
        signal.eventNames.some(name => matches(name, event.eventName))
      ) {
        result.push({ control, signal });
      }
    }
  }
  return result;
}

/**
 * The controls that apply to a PBC: pci-only controls are left out unless
 * the PBC is in PCI scope. `level` narrows further, e.g. `'pbc'` for the
 * per-PBC conformance pack, which leaves account baselines to the platform.
 *
 * @public
 */
export function controlsForPbc(pbc: {
  pciScope: boolean;
  level?: ControlLevel;
}): Control[] {
  return CONTROLS.filter(
    c =>
      (pbc.pciScope || c.scope !== 'pci') &&
      (pbc.level === undefined || c.level === pbc.level),
  );
}

/** Default TechDocs location of the architecture series. @public */
export const DEFAULT_GUIDANCE_BASE_URL =
  '/docs/default/component/architecture-docs';

/**
 * Link to the article section that argues for a control, e.g.
 * `/docs/default/component/architecture-docs/08-messaging/#dead-letter-queues-as-revenue-alerts`.
 *
 * @public
 */
export function guidanceUrl(
  control: Control,
  baseUrl: string = DEFAULT_GUIDANCE_BASE_URL,
): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/${control.guidance.article}/#${control.guidance.anchor}`;
}
