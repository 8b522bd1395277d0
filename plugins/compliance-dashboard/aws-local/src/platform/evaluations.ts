import { matchRiskSignals } from '@pbc-portal/pbc-domain';
import type { EventStore } from './events';
import { Rng, hashInts } from './random';
import { ruleCovers } from './rules';
import { TEMPLATES } from './templates';
import type {
  AwsResource,
  EvaluationComplianceType,
  EvaluationRecord,
  Pbc,
  PbcPosture,
  PlatformConfigRule,
  RuleComplianceType,
  RuleEvaluations,
} from './types';

const CODES: EvaluationComplianceType[] = [
  'COMPLIANT',
  'NON_COMPLIANT',
  'NOT_APPLICABLE',
];
const COMPLIANT = 0;
const NON_COMPLIANT = 1;
const NOT_APPLICABLE = 2;

const NON_COMPLIANT_RATE: Record<PbcPosture, number> = {
  clean: 0.015,
  fair: 0.07,
  poor: 0.22,
};
/** Platform resources: the first account is kept tidy, the others less so. */
const BASELINE_NON_COMPLIANT_RATE = [0.05, 0.02, 0.2];

/** Evaluation results of one rule in one account and Region. */
export class RuleEvaluationsImpl implements RuleEvaluations {
  private cachedSummary?: {
    complianceType: RuleComplianceType;
    nonCompliant: number;
  };
  private positions?: Map<number, number>;

  constructor(
    readonly rule: PlatformConfigRule,
    private readonly all: AwsResource[],
    readonly resources: Int32Array,
    readonly codes: Uint8Array,
    /** Epoch seconds. */
    readonly recorded: Uint32Array,
  ) {}

  get length() {
    return this.resources.length;
  }

  complianceAt(position: number): EvaluationComplianceType {
    return CODES[this.codes[position]];
  }

  get(position: number): EvaluationRecord {
    const resource = this.all[this.resources[position]];
    const complianceType = CODES[this.codes[position]];
    const recorded = this.recorded[position] * 1000;
    return {
      rule: this.rule,
      resource,
      complianceType,
      resultRecordedTime: recorded,
      configRuleInvokedTime:
        recorded -
        (1 + (hashInts(resource.index, this.rule.index) % 90)) * 1000,
      annotation: annotationFor(this.rule, resource, complianceType),
    };
  }

  /** Position of a resource (by platform index) among this rule's results. */
  positionOf(resourceIndex: number): number {
    if (!this.positions) {
      this.positions = new Map();
      this.resources.forEach((r, k) => this.positions!.set(r, k));
    }
    return this.positions.get(resourceIndex) ?? -1;
  }

  /** Changes one result in place (churn); `recordedSec` in epoch seconds. */
  set(
    position: number,
    complianceType: EvaluationComplianceType,
    recordedSec: number,
  ) {
    this.codes[position] = CODES.indexOf(complianceType);
    this.recorded[position] = recordedSec;
    this.cachedSummary = undefined;
  }

  /** Epoch seconds at which a result was recorded. */
  recordedAt(position: number): number {
    return this.recorded[position];
  }

  summary() {
    if (!this.cachedSummary) {
      let compliant = 0;
      let nonCompliant = 0;
      for (const code of this.codes) {
        if (code === COMPLIANT) compliant++;
        else if (code === NON_COMPLIANT) nonCompliant++;
      }
      this.cachedSummary = {
        complianceType: ruleCompliance(compliant, nonCompliant),
        nonCompliant,
      };
    }
    return this.cachedSummary;
  }
}

/** Rule-level compliance: AWS reports INSUFFICIENT_DATA when no resource was COMPLIANT or NON_COMPLIANT. */
export function ruleCompliance(
  compliant: number,
  nonCompliant: number,
): RuleComplianceType {
  if (nonCompliant > 0) return 'NON_COMPLIANT';
  if (compliant > 0) return 'COMPLIANT';
  return 'INSUFFICIENT_DATA';
}

function annotationFor(
  rule: PlatformConfigRule,
  resource: AwsResource,
  type: EvaluationComplianceType,
): string | undefined {
  if (type === 'COMPLIANT') return undefined;
  if (type === 'NOT_APPLICABLE')
    return 'The resource is outside the scope of this rule.';
  const what = resource.resourceName ?? resource.resourceId;
  return `${resource.resourceType} ${what} does not satisfy ${
    rule.name
  } (${rule.controlIds.join(', ')}).`;
}

/**
 * For each risky template, the rules whose controls its event violates: the
 * target resource of such an event turns NON_COMPLIANT for those rules.
 */
function rulesViolatedByTemplate(rules: PlatformConfigRule[]): number[][] {
  return TEMPLATES.map(t => {
    if (!t.risky || !t.target) return [];
    const risks = new Set<string>(t.risks);
    const controls = new Set(
      matchRiskSignals({ eventSource: t.source, eventName: t.name })
        .filter(m => m.signal.when === undefined || risks.has(m.signal.when))
        .map(m => m.control.id),
    );
    return rules
      .filter(
        r =>
          r.controlIds.some(id => controls.has(id)) &&
          r.resourceTypes.includes(t.target!),
      )
      .map(r => r.index);
  });
}

export interface EvaluationInput {
  rules: PlatformConfigRule[];
  all: AwsResource[];
  pbcs: Pbc[];
  pbcOfResource: (index: number) => Pbc | undefined;
  accountIndexOf: (accountId: string) => number;
  /** Resource indices per account-Region. */
  resourcesByAr: Int32Array[];
  events: EventStore;
  now: number;
}

/** Evaluations per account-Region and rule. */
export function generateEvaluations(
  input: EvaluationInput,
  rng: Rng,
): RuleEvaluationsImpl[][] {
  const { rules, all, now } = input;
  // Latest risky event per (rule, resource), as an override.
  const violated = rulesViolatedByTemplate(rules);
  const overrides = new Map<number, Map<number, number>>();
  for (let i = 0; i < input.events.length; i++) {
    const t = input.events.templateOf(i);
    const res = input.events.resourceIndexOf(i);
    if (res < 0 || violated[t.id].length === 0) continue;
    for (const rule of violated[t.id]) {
      let byRes = overrides.get(rule);
      if (!byRes) overrides.set(rule, (byRes = new Map()));
      const time = input.events.timeOf(i);
      if ((byRes.get(res) ?? 0) < time) byRes.set(res, time);
    }
  }

  const nowSec = Math.floor(now / 1000);
  return input.resourcesByAr.map(resourceIdx =>
    rules.map(rule => {
      const picked: number[] = [];
      for (const r of resourceIdx) {
        const resource = all[r];
        if (!ruleCovers(rule, resource.resourceType, resource.tags)) continue;
        // REQUIRED_TAGS asks for the pbc tag, which only PBC resources must carry.
        if (rule.identifier === 'REQUIRED_TAGS' && !resource.pbc) continue;
        picked.push(r);
      }
      const n = picked.length;
      const codes = new Uint8Array(n);
      const recorded = new Uint32Array(n);
      for (let k = 0; k < n; k++) {
        const resource = all[picked[k]];
        const pbc = input.pbcOfResource(resource.index);
        const override = overrides.get(rule.index)?.get(resource.index);
        recorded[k] = nowSec - rng.int(36 * 3600);
        if (override !== undefined) {
          codes[k] = NON_COMPLIANT;
          recorded[k] = Math.min(
            nowSec,
            Math.floor(override / 1000) + 120 + rng.int(600),
          );
          continue;
        }
        if (
          rule.identifier === 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' &&
          resource.resourceName !== 'default'
        ) {
          codes[k] = NOT_APPLICABLE;
          continue;
        }
        if (!rule.periodic && rng.chance(0.015)) {
          codes[k] = NOT_APPLICABLE;
          continue;
        }
        const rate = pbc
          ? NON_COMPLIANT_RATE[pbc.posture]
          : BASELINE_NON_COMPLIANT_RATE[
              Math.min(
                input.accountIndexOf(resource.accountId),
                BASELINE_NON_COMPLIANT_RATE.length - 1,
              )
            ];
        codes[k] = rng.chance(rate) ? NON_COMPLIANT : COMPLIANT;
      }
      return new RuleEvaluationsImpl(
        rule,
        all,
        Int32Array.from(picked),
        codes,
        recorded,
      );
    }),
  );
}
