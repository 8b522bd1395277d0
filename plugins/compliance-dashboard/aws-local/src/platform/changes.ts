import { RuleEvaluationsImpl } from './evaluations';
import { packComplianceId } from '../server/history';
import { Rng, createRng } from './random';
import type {
  AwsResource,
  EvaluationComplianceType,
  Platform,
  PlatformConfigRule,
} from './types';

/** The resource type AWS Config records per evaluated resource. */
/** @public */
export const RESOURCE_COMPLIANCE_TYPE = 'AWS::Config::ResourceCompliance';

/**
 * A resource as advanced queries see it: the platform's resource, or a
 * synthetic `AWS::Config::ResourceCompliance` item, with its capture time.
 */
/** @public */
export interface QueryItem extends AwsResource {
  /** Epoch milliseconds of the configuration item's capture. */
  captureTime: number;
  configuration?: Record<string, unknown>;
}

/** One compliance change, as the churn makes it (and an event reports it). */
/** @public */
export interface ComplianceChange {
  accountId: string;
  region: string;
  rule: PlatformConfigRule;
  resource: AwsResource;
  oldComplianceType: EvaluationComplianceType;
  newComplianceType: EvaluationComplianceType;
  /** Epoch milliseconds. */
  at: number;
}

/**
 * The platform's changes after generation: evaluation results that flip
 * (churn, or a test's `setCompliance`), and the configuration items that
 * follow from them (`AWS::Config::ResourceCompliance` per evaluated
 * resource, with capture times). The generated platform stays the baseline;
 * results are changed in place so that every operation sees the same state.
 */
/** @public */
export class PlatformChanges {
  #version = 0;
  readonly #platform: Platform;
  /** `<account>/<region>` → resource index → capture time (ms). */
  readonly #complianceCaptured = new Map<string, Map<number, number>>();
  readonly #itemCache = new Map<
    string,
    { version: number; items: QueryItem[] }
  >();
  /** Accounts (or `<account>/<region>`) whose recorder leaves out ResourceCompliance. */
  readonly #notRecording = new Set<string>();
  readonly #listeners: Array<(change: ComplianceChange) => void> = [];
  #rng: Rng;

  constructor(platform: Platform, seed = 7) {
    this.#platform = platform;
    this.#rng = createRng(seed);
  }

  /** Grows with every change; caches of query results key on it. */
  get version(): number {
    return this.#version;
  }

  onChange(listener: (change: ComplianceChange) => void): void {
    this.#listeners.push(listener);
  }

  /**
   * Whether the recorder of an account (`<account>`) or account and Region
   * (`<account>/<region>`) records AWS::Config::ResourceCompliance (default
   * yes), as a recorder limited to some resource types may not.
   */
  setResourceComplianceRecorded(scope: string, recorded: boolean): void {
    if (recorded) this.#notRecording.delete(scope);
    else this.#notRecording.add(scope);
    this.#version += 1;
  }

  records(accountId: string, region: string): boolean {
    return (
      !this.#notRecording.has(accountId) &&
      !this.#notRecording.has(`${accountId}/${region}`)
    );
  }

  /**
   * Sets one evaluation result; returns the change, or undefined when the
   * rule does not evaluate the resource or the result is already that.
   */
  setCompliance(
    rule: PlatformConfigRule,
    resource: AwsResource,
    complianceType: EvaluationComplianceType,
    at = Date.now(),
  ): ComplianceChange | undefined {
    const evals = this.#platform.evaluations(
      resource.accountId,
      resource.region,
      rule,
    );
    if (!(evals instanceof RuleEvaluationsImpl)) return undefined;
    const position = evals.positionOf(resource.index);
    if (position < 0) return undefined;
    const old = evals.complianceAt(position);
    if (old === complianceType) return undefined;
    evals.set(position, complianceType, Math.floor(at / 1000));
    const key = `${resource.accountId}/${resource.region}`;
    const captured = this.#complianceCaptured.get(key) ?? new Map();
    captured.set(resource.index, at);
    this.#complianceCaptured.set(key, captured);
    this.#version += 1;
    const change: ComplianceChange = {
      accountId: resource.accountId,
      region: resource.region,
      rule,
      resource,
      oldComplianceType: old,
      newComplianceType: complianceType,
      at,
    };
    for (const listener of this.#listeners) listener(change);
    return change;
  }

  /**
   * Flips one evaluated rule of `share` (0..1) of the PBC resources between
   * COMPLIANT and NON_COMPLIANT, as deployments and drift would.
   */
  churn(share: number, at = Date.now()): ComplianceChange[] {
    const resources = this.#platform.resources;
    const count = Math.round(resources.length * share);
    const changes: ComplianceChange[] = [];
    for (let i = 0; i < count * 50 && changes.length < count; i++) {
      const resource = resources[this.#rng.int(resources.length)];
      const rule =
        this.#platform.rules[this.#rng.int(this.#platform.rules.length)];
      const evals = this.#platform.evaluations(
        resource.accountId,
        resource.region,
        rule,
      );
      if (!(evals instanceof RuleEvaluationsImpl)) continue;
      const position = evals.positionOf(resource.index);
      if (position < 0) continue;
      const old = evals.complianceAt(position);
      if (old === 'NOT_APPLICABLE') continue;
      const change = this.setCompliance(
        rule,
        resource,
        old === 'COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT',
        at,
      );
      if (change) changes.push(change);
    }
    return changes;
  }

  /**
   * What advanced queries run over in one account and Region: its resources
   * and, if recorded, one ResourceCompliance item per evaluated resource.
   */
  queryItems(accountId: string, region: string): QueryItem[] {
    const key = `${accountId}/${region}`;
    const cached = this.#itemCache.get(key);
    if (cached && cached.version === this.#version) return cached.items;
    const resources = this.#platform.resourcesIn(accountId, region);
    const items: QueryItem[] = resources.map(r => ({
      ...r,
      captureTime: r.createdAt,
    }));
    if (this.records(accountId, region)) {
      items.push(...this.#complianceItems(accountId, region, resources));
    }
    // One AWS::Config::ConformancePackCompliance item per deployed pack.
    for (const pbc of this.#platform.pbcsIn(accountId, region)) {
      items.push({
        index: -1,
        resourceType: 'AWS::Config::ConformancePackCompliance',
        resourceId: packComplianceId(accountId, pbc),
        resourceName: pbc.conformancePack,
        arn: '',
        accountId,
        region,
        availabilityZone: 'Not Applicable',
        tags: {},
        // Deployed, and last changed, before the platform's present.
        createdAt: this.#platform.now - 86_400_000,
        captureTime: this.#platform.now - 86_400_000,
      });
    }
    this.#itemCache.set(key, { version: this.#version, items });
    return items;
  }

  #complianceItems(
    accountId: string,
    region: string,
    resources: AwsResource[],
  ): QueryItem[] {
    const perResource = new Map<
      number,
      {
        rules: Array<Record<string, string>>;
        nonCompliant: boolean;
        latest: number;
      }
    >();
    for (const rule of this.#platform.rules) {
      const evals = this.#platform.evaluations(accountId, region, rule);
      for (let k = 0; k < evals.length; k++) {
        const type = evals.complianceAt(k);
        if (type === 'NOT_APPLICABLE') continue;
        const record =
          evals instanceof RuleEvaluationsImpl ? undefined : evals.get(k);
        const resourceIndex =
          evals instanceof RuleEvaluationsImpl
            ? evals.resources[k]
            : record!.resource.index;
        const recorded =
          evals instanceof RuleEvaluationsImpl
            ? evals.recordedAt(k) * 1000
            : record!.resultRecordedTime;
        const entry = perResource.get(resourceIndex) ?? {
          rules: [],
          nonCompliant: false,
          latest: 0,
        };
        entry.rules.push({ configRuleName: rule.name, complianceType: type });
        entry.nonCompliant ||= type === 'NON_COMPLIANT';
        entry.latest = Math.max(entry.latest, recorded);
        perResource.set(resourceIndex, entry);
      }
    }
    const captured = this.#complianceCaptured.get(`${accountId}/${region}`);
    const byIndex = new Map(resources.map(r => [r.index, r]));
    const items: QueryItem[] = [];
    for (const [index, entry] of perResource) {
      const r = byIndex.get(index);
      if (!r) continue;
      const captureTime = Math.max(entry.latest, captured?.get(index) ?? 0);
      items.push({
        index: -1,
        resourceType: RESOURCE_COMPLIANCE_TYPE,
        resourceId: `${r.resourceType}/${r.resourceId}`,
        arn: '',
        accountId,
        region,
        availabilityZone: 'Not Applicable',
        tags: {},
        createdAt: captureTime,
        captureTime,
        configuration: {
          targetResourceId: r.resourceId,
          targetResourceType: r.resourceType,
          complianceType: entry.nonCompliant ? 'NON_COMPLIANT' : 'COMPLIANT',
          configRuleList: entry.rules,
        },
      });
    }
    return items;
  }
}
