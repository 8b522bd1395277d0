import { matchRiskSignals, Severity } from '@pbc-portal/pbc-domain';
import {
  RiskReason,
  worstSeverity,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { AccountRegion, TaggedResource, TrailEvent } from '../aws/types';
import { RiskConfig } from '../config';
import { field, isObject, items, Json, path, str, stringLeaves } from './json';
import { PbcTarget } from './pbcs';
import { PbcRef, RISK_PREDICATES } from './riskPredicates';

/** A risky event as the store keeps it. */
export interface ClassifiedEvent {
  eventId: string;
  eventTime: Date;
  eventName: string;
  eventSource: string;
  accountId: string;
  region: string;
  principal?: string;
  sourceIpAddress?: string;
  severity: Severity;
  reasons: RiskReason[];
  resources: string[];
  /** Entity refs of the PBCs it is attributed to. */
  pbcs: string[];
}

const ROLE_NAME = /^pbc-(.+)-role$/;

/**
 * Finds the PBCs of one account from what an event names: the caller's role
 * (`pbc-<name>-role`) and the resources' ARNs, ids and (unambiguous) names.
 */
export class AccountAttributionIndex {
  readonly #byTag = new Map<string, PbcTarget[]>();
  readonly #byIdentifier = new Map<string, string>();

  constructor(pbcs: PbcTarget[], resources: TaggedResource[]) {
    for (const pbc of pbcs) {
      const list = this.#byTag.get(pbc.pbc) ?? [];
      list.push(pbc);
      this.#byTag.set(pbc.pbc, list);
    }
    const names = new Map<string, string | null>();
    for (const resource of resources) {
      if (!this.#byTag.has(resource.pbc)) continue;
      if (resource.arn) this.#byIdentifier.set(resource.arn, resource.pbc);
      this.#byIdentifier.set(resource.resourceId, resource.pbc);
      if (resource.resourceName && resource.resourceName.length >= 3) {
        const seen = names.get(resource.resourceName);
        // A name two PBCs share says nothing about which one was touched.
        names.set(
          resource.resourceName,
          seen === undefined || seen === resource.pbc ? resource.pbc : null,
        );
      }
    }
    for (const [name, pbc] of names) {
      if (pbc && !this.#byIdentifier.has(name)) {
        this.#byIdentifier.set(name, pbc);
      }
    }
  }

  pbcsOfTag(tag: string): PbcTarget[] {
    return this.#byTag.get(tag) ?? [];
  }

  callerPbcs(record: Record<string, Json>): PbcTarget[] {
    const identity = field(record, 'userIdentity');
    const issuer = str(path(identity, 'sessionContext.sessionIssuer.userName'));
    const arn = str(field(identity, 'arn')) ?? '';
    // arn:aws:sts::<account>:assumed-role/<role>/<session>
    // arn:aws:iam::<account>:role/<path>/<role>
    let fromArn: string | undefined;
    if (arn.includes(':assumed-role/')) {
      fromArn = arn.split(':assumed-role/')[1].split('/')[0];
    } else if (arn.includes(':role/')) {
      fromArn = arn.split(':role/')[1].split('/').pop();
    }
    const candidates = [issuer, fromArn];
    for (const name of candidates) {
      const match = name?.match(ROLE_NAME);
      if (match) {
        return this.pbcsOfTag(match[1]);
      }
    }
    return [];
  }

  targetPbcs(event: TrailEvent, record: Record<string, Json>): PbcTarget[] {
    const identifiers = new Set<string>();
    for (const resource of event.resources) {
      if (resource.name) identifiers.add(resource.name);
    }
    for (const resource of items(field(record, 'resources'))) {
      const arn = str(field(resource, 'ARN')) ?? str(field(resource, 'arn'));
      if (arn) identifiers.add(arn);
    }
    for (const value of stringLeaves(field(record, 'requestParameters'))) {
      identifiers.add(value);
    }
    const tags = new Set<string>();
    for (const identifier of identifiers) {
      const tag = this.#byIdentifier.get(identifier);
      if (tag) tags.add(tag);
    }
    return [...tags].flatMap(tag => this.pbcsOfTag(tag));
  }
}

const toRef = (p: PbcTarget): PbcRef => ({
  entityRef: p.entityRef,
  pbc: p.pbc,
  pciScope: p.pciScope,
});

function parseRecord(text: string | undefined): Record<string, Json> {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function mayBeRiskyAnywhere(
  event: TrailEvent,
  target: AccountRegion,
  risk: RiskConfig,
): boolean {
  const rootCall =
    event.username === 'root' || !!event.cloudTrailEvent?.includes('"Root"');
  const unapprovedRegion =
    !!risk.approvedRegions?.length &&
    (!risk.approvedRegions.includes(target.region) ||
      !event.cloudTrailEvent ||
      !risk.approvedRegions.some(r =>
        event.cloudTrailEvent!.includes(`"awsRegion":"${r}"`),
      ));
  return rootCall || unapprovedRegion;
}

/**
 * Attributes an event to PBCs and classifies it with the controls' risk
 * signals. Returns undefined for an event no signal fires on.
 */
export function classifyEvent(
  event: TrailEvent,
  target: AccountRegion,
  index: AccountAttributionIndex,
  risk: RiskConfig,
): ClassifiedEvent | undefined {
  const matches = matchRiskSignals(event);
  if (matches.length === 0) {
    return undefined;
  }
  // Two signals match every event (`*`): root activity and Regions not
  // approved for personal data. Most events match nothing else; decide
  // those without parsing the record, which is most of a refresh's work.
  if (
    matches.every(m => m.signal.eventSource === '*') &&
    !mayBeRiskyAnywhere(event, target, risk)
  ) {
    return undefined;
  }
  const record = parseRecord(event.cloudTrailEvent);
  const callers = index.callerPbcs(record);
  const targets = index.targetPbcs(event, record);
  const involved = [...callers, ...targets];
  const context = {
    eventName: event.eventName,
    eventSource: event.eventSource,
    record,
    callerPbcs: callers.map(toRef),
    targetPbcs: targets.map(toRef),
    risk,
  };

  const reasons: RiskReason[] = [];
  const seen = new Set<string>();
  for (const { control, signal } of matches) {
    // pci-only controls speak about pci PBCs only.
    if (control.scope === 'pci' && !involved.some(p => p.pciScope)) {
      continue;
    }
    if (signal.when && !RISK_PREDICATES[signal.when](context)) {
      continue;
    }
    const key = `${control.id}|${signal.when ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reasons.push({
      controlId: control.id,
      severity: control.severity,
      ...(signal.when ? { predicate: signal.when } : {}),
      why: signal.why,
    });
  }
  if (reasons.length === 0) {
    return undefined;
  }

  const identity = field(record, 'userIdentity');
  const resources = new Set<string>();
  for (const r of event.resources) if (r.name) resources.add(r.name);
  for (const r of items(field(record, 'resources'))) {
    const arn = str(field(r, 'ARN'));
    if (arn) resources.add(arn);
  }

  return {
    eventId: event.eventId,
    eventTime: event.eventTime,
    eventName: event.eventName,
    eventSource: event.eventSource,
    accountId: target.accountId,
    region: str(field(record, 'awsRegion')) ?? target.region,
    principal:
      str(field(identity, 'arn')) ??
      str(field(identity, 'type')) ??
      event.username,
    sourceIpAddress: str(field(record, 'sourceIPAddress')),
    severity: worstSeverity(reasons.map(r => r.severity)),
    reasons,
    resources: [...resources].slice(0, 20),
    pbcs: [...new Set(involved.map(p => p.entityRef))],
  };
}
