import {
  Control,
  ControlFamily,
  ControlLevel,
  ControlScope,
  controlsForPbc,
  Guidance,
  Severity,
} from '@pbc-portal/pbc-domain';
import {
  computeScore,
  ControlStatus,
  emptySeverityCounts,
  SeverityCounts,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { resourceKey } from '../aws/AwsComplianceReader';
import { ConfigReadResult, TaggedResource } from '../aws/types';
import { PbcTarget } from './pbcs';
import { controlIdsForRule } from './ruleMapping';

/**
 * What the page shows of a control, copied from the catalog when the
 * snapshot is written: a control retired from the catalog later still reads
 * as it did (issue 11, finding 6).
 */
export interface StoredControlText {
  title: string;
  family: ControlFamily;
  severity: Severity;
  level: ControlLevel;
  scope: ControlScope;
  remediation: string;
  guidance: Guidance;
}

/**
 * A control's result as stored. The text is optional only for snapshots
 * written before it was stored; those fall back to the current catalog.
 */
export interface StoredControlResult extends Partial<StoredControlText> {
  id: string;
  status: ControlStatus;
  compliant: number;
  nonCompliant: number;
  rules: string[];
}

export function controlText(control: Control): StoredControlText {
  return {
    title: control.title,
    family: control.family,
    severity: control.severity,
    level: control.level,
    scope: control.scope,
    remediation: control.remediation,
    guidance: control.guidance,
  };
}

/** A failing control as the list keeps it: its family counts on the heatmap. */
export interface FailingControl {
  id: string;
  /** Absent only in snapshots written before control text was stored. */
  family?: ControlFamily;
}

/** The failing controls among a PBC's results, in their order. */
export function failingControls(
  controls: StoredControlResult[],
): FailingControl[] {
  return controls
    .filter(c => c.status === 'failing')
    .map(c => (c.family ? { id: c.id, family: c.family } : { id: c.id }));
}

export interface StoredNonCompliantResource {
  resourceId: string;
  resourceType: string;
  resourceName?: string;
  arn?: string;
  accountId: string;
  region: string;
  configRuleName: string;
  controlIds: string[];
  annotation?: string;
  evaluatedAt?: string;
}

/** What a refresh computed for one PBC from fresh AWS data. */
export interface PbcComputedResult {
  target: PbcTarget;
  controls: StoredControlResult[];
  score: number | null;
  failingBySeverity: SeverityCounts;
  passingCount: number;
  failingCount: number;
  insufficientCount: number;
  nonCompliant: StoredNonCompliantResource[];
  conformancePackDeployed: boolean;
}

interface ControlAccumulator {
  compliant: Set<string>;
  nonCompliant: Set<string>;
  rules: Set<string>;
}

function appliesToTypes(control: Control, types: Set<string>): boolean {
  return (
    control.resourceTypes.includes('*') ||
    control.resourceTypes.some(t => types.has(t))
  );
}

/**
 * Joins the Config data of one account (all its Regions read) to the PBCs
 * of that account by the `pbc` tag, and scores each PBC. Pure: the same
 * input gives the same output.
 */
export function computeAccountResults(
  pbcs: PbcTarget[],
  reads: ConfigReadResult[],
): PbcComputedResult[] {
  const byTag = new Map<string, PbcTarget[]>();
  for (const pbc of pbcs) {
    byTag.set(pbc.pbc, [...(byTag.get(pbc.pbc) ?? []), pbc]);
  }

  const resources = new Map<string, TaggedResource>();
  const typesByTag = new Map<string, Set<string>>();
  const packs = new Set<string>();
  const ruleControls = new Map<string, string[]>();
  for (const read of reads) {
    for (const resource of read.resources) {
      resources.set(
        `${read.region}|${resourceKey(
          resource.resourceType,
          resource.resourceId,
        )}`,
        resource,
      );
      const types = typesByTag.get(resource.pbc) ?? new Set<string>();
      types.add(resource.resourceType);
      typesByTag.set(resource.pbc, types);
    }
    read.conformancePacks.forEach(p => packs.add(p));
    for (const rule of read.rules) {
      ruleControls.set(`${read.region}|${rule.name}`, controlIdsForRule(rule));
    }
  }

  // tag → control id → accumulator
  const acc = new Map<string, Map<string, ControlAccumulator>>();
  const nonCompliantByTag = new Map<string, StoredNonCompliantResource[]>();
  for (const read of reads) {
    for (const evaluation of read.evaluations) {
      const key = resourceKey(evaluation.resourceType, evaluation.resourceId);
      const resource = resources.get(`${read.region}|${key}`);
      if (!resource || !byTag.has(resource.pbc)) continue;
      const controlIds =
        ruleControls.get(`${read.region}|${evaluation.ruleName}`) ?? [];
      if (controlIds.length === 0) continue;
      const perControl = acc.get(resource.pbc) ?? new Map();
      acc.set(resource.pbc, perControl);
      const resourceId = `${read.region}|${key}`;
      for (const controlId of controlIds) {
        const entry: ControlAccumulator = perControl.get(controlId) ?? {
          compliant: new Set(),
          nonCompliant: new Set(),
          rules: new Set(),
        };
        perControl.set(controlId, entry);
        entry.rules.add(evaluation.ruleName);
        (evaluation.compliance === 'NON_COMPLIANT'
          ? entry.nonCompliant
          : entry.compliant
        ).add(resourceId);
      }
      if (evaluation.compliance === 'NON_COMPLIANT') {
        const list = nonCompliantByTag.get(resource.pbc) ?? [];
        list.push({
          resourceId: resource.resourceId,
          resourceType: resource.resourceType,
          resourceName: resource.resourceName,
          arn: resource.arn,
          accountId: resource.accountId,
          region: read.region,
          configRuleName: evaluation.ruleName,
          controlIds,
          annotation: evaluation.annotation,
          evaluatedAt: evaluation.recordedAt,
        });
        nonCompliantByTag.set(resource.pbc, list);
      }
    }
  }

  return pbcs.map(target => {
    const perControl = acc.get(target.pbc) ?? new Map();
    const types = typesByTag.get(target.pbc) ?? new Set<string>();
    const controls: Array<StoredControlResult & StoredControlText> =
      controlsForPbc({
        pciScope: target.pciScope,
        level: 'pbc',
      }).map(control => {
        const entry = perControl.get(control.id);
        const nonCompliant = entry?.nonCompliant.size ?? 0;
        const compliant = entry
          ? [...entry.compliant].filter(r => !entry.nonCompliant.has(r)).length
          : 0;
        let status: ControlStatus;
        if (nonCompliant > 0) status = 'failing';
        else if (compliant > 0) status = 'passing';
        else if (appliesToTypes(control, types)) status = 'insufficient-data';
        else status = 'not-applicable';
        return {
          id: control.id,
          status,
          compliant,
          nonCompliant,
          rules: entry ? [...entry.rules].sort() : [],
          ...controlText(control),
        };
      });

    const failingBySeverity = emptySeverityCounts();
    let failingCount = 0;
    let passingCount = 0;
    let insufficientCount = 0;
    for (const c of controls) {
      if (c.status === 'failing') {
        failingBySeverity[c.severity] += 1;
        failingCount += 1;
      } else if (c.status === 'passing') {
        passingCount += 1;
      } else if (c.status === 'insufficient-data') {
        insufficientCount += 1;
      }
    }

    return {
      target,
      controls,
      score: computeScore(controls),
      failingBySeverity,
      passingCount,
      failingCount,
      insufficientCount,
      nonCompliant: nonCompliantByTag.get(target.pbc) ?? [],
      conformancePackDeployed: packs.has(target.conformancePack),
    };
  });
}
