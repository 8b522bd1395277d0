import type { RiskPredicate } from '@pbc-portal/pbc-domain';

/**
 * Sizes and shape of a generated platform.
 *
 * @public
 */
export interface GeneratePlatformOptions {
  /** Number of PBCs. */
  pbcs: number;
  /** Number of AWS accounts the PBCs are spread over. */
  accounts: number;
  /** Regions the PBCs are spread over, e.g. `['eu-west-1', 'us-east-1']`. */
  regions: string[];
  /**
   * AWS Config rules deployed in every account and Region: the managed rules
   * of the controls catalog first, then Guard custom-policy rules for the
   * controls without a managed rule. See {@link maxPlatformRules}.
   */
  rules: number;
  /** PBC-owned resources (tagged `pbc=<name>`), exactly. */
  resources: number;
  /** CloudTrail events, exactly. */
  events: number;
  /** How far back the CloudTrail events go. Default 21. */
  days?: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** The platform's present. Default: the time of the call. */
  now?: Date;
}

/** @public */
export type PbcPosture = 'clean' | 'fair' | 'poor';

/** @public */
export interface PlatformAccount {
  /** 12 digits. */
  id: string;
  name: string;
  /** The access key id that signs in as this account: `LOCAL<id>`. */
  accessKeyId: string;
}

/** @public */
export interface Pbc {
  index: number;
  /** Lowercase kebab-case, also the value of the `pbc` tag. */
  name: string;
  title: string;
  description: string;
  /** Owning group name, e.g. `payments-team`. */
  owner: string;
  /** System name, e.g. `checkout`. */
  system: string;
  accountId: string;
  region: string;
  pciScope: boolean;
  /** `pbc-<name>`. */
  conformancePack: string;
  templateVersion: string;
  /** How well the PBC keeps to the controls; drives findings and risky events. */
  posture: PbcPosture;
  /** `arn:aws:iam::<account>:role/pbc-<name>-role`. */
  roleArn: string;
}

/** @public */
export interface AwsResource {
  index: number;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn: string;
  accountId: string;
  region: string;
  availabilityZone: string;
  /** The PBC whose `pbc` tag the resource carries; absent for platform baseline resources. */
  pbc?: string;
  tags: Record<string, string>;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** @public */
export type EvaluationComplianceType =
  | 'COMPLIANT'
  | 'NON_COMPLIANT'
  | 'NOT_APPLICABLE';

/** @public */
export type RuleComplianceType =
  | 'COMPLIANT'
  | 'NON_COMPLIANT'
  | 'INSUFFICIENT_DATA';

/** An AWS Config rule as deployed in every account and Region. @public */
export interface PlatformConfigRule {
  index: number;
  /**
   * The rule name: the managed rule identifier itself (e.g.
   * `DYNAMODB_PITR_ENABLED`), or the control id for Guard custom-policy rules
   * (e.g. `PBC-MSG-01`).
   */
  name: string;
  owner: 'AWS' | 'CUSTOM_POLICY';
  /** Managed rule identifier; absent for custom-policy rules. */
  identifier?: string;
  /** Controls of the catalog this rule detects. */
  controlIds: string[];
  /** Resource types in scope; empty means every resource type. */
  resourceTypes: string[];
  tagScope?: { key: string; value?: string };
  inputParameters: Record<string, string>;
  /** `pbc` when any of its controls is evaluated per PBC, else `account`. */
  level: 'pbc' | 'account';
  /** True when every control of the rule only applies to PCI-scope PBCs. */
  pciOnly: boolean;
  description: string;
  /** Periodic (ScheduledNotification) rather than change-triggered. */
  periodic: boolean;
}

/** One evaluation result of a rule for a resource. @public */
export interface EvaluationRecord {
  rule: PlatformConfigRule;
  resource: AwsResource;
  complianceType: EvaluationComplianceType;
  /** Epoch milliseconds. */
  resultRecordedTime: number;
  /** Epoch milliseconds. */
  configRuleInvokedTime: number;
  annotation?: string;
}

/**
 * The evaluation results of one rule in one account and Region, stored
 * compactly; read them by position.
 *
 * @public
 */
export interface RuleEvaluations {
  readonly rule: PlatformConfigRule;
  readonly length: number;
  get(position: number): EvaluationRecord;
  complianceAt(position: number): EvaluationComplianceType;
  /** Rule-level compliance and the number of non-compliant resources. */
  summary(): { complianceType: RuleComplianceType; nonCompliant: number };
}

/** A CloudTrail management event. @public */
export interface TrailEvent {
  index: number;
  eventId: string;
  eventName: string;
  eventSource: string;
  /** Epoch milliseconds, whole seconds. */
  eventTime: number;
  readOnly: boolean;
  /** As LookupEvents reports it: IAM user name, role session name or `root`. */
  username: string;
  accessKeyId: string;
  /** Account whose trail recorded the event. */
  accountId: string;
  region: string;
  /** The PBC whose role made the call, if a PBC role did. */
  actorPbc?: string;
  /** The resource the call targeted, if it is one of the platform's. */
  resource?: AwsResource;
  resources: Array<{ ResourceType: string; ResourceName: string }>;
  /** Risk predicates of the controls catalog that hold for this event. */
  risks: RiskPredicate[];
  /** True when the event matches a risk signal of the controls catalog (with its predicate, if any). */
  risky: boolean;
  /** The full CloudTrail record as a JSON string, built on demand. */
  cloudTrailEvent(): string;
}

/** @public */
export interface TrailEventStore {
  readonly length: number;
  get(index: number): TrailEvent;
  /** Epoch milliseconds of an event, without materialising it. */
  timeOf(index: number): number;
  /** Event name of an event, without materialising it. */
  nameOf(index: number): string;
  /** Indices of the events recorded in this account and Region, newest first. */
  indicesIn(accountId: string, region: string): Int32Array;
}

/**
 * A deterministic synthetic commerce platform: accounts, PBCs, resources,
 * Config rules with their evaluations, conformance packs and CloudTrail events.
 *
 * @public
 */
export interface Platform {
  readonly options: Required<Omit<GeneratePlatformOptions, 'now'>> & {
    now: Date;
  };
  /** Epoch milliseconds of the platform's present. */
  readonly now: number;
  readonly accounts: PlatformAccount[];
  readonly regions: string[];
  readonly pbcs: Pbc[];
  /** PBC-owned resources, tagged `pbc=<name>`. */
  readonly resources: AwsResource[];
  /** Platform-owned resources per account and Region (account, trail, default security group, IAM users...). */
  readonly baselineResources: AwsResource[];
  readonly rules: PlatformConfigRule[];
  readonly events: TrailEventStore;
  pbc(name: string): Pbc | undefined;
  account(accountId: string): PlatformAccount | undefined;
  /** All resources (PBC and baseline) recorded in this account and Region. */
  resourcesIn(accountId: string, region: string): AwsResource[];
  /** PBCs (and so conformance packs) deployed in this account and Region. */
  pbcsIn(accountId: string, region: string): Pbc[];
  rule(name: string): PlatformConfigRule | undefined;
  evaluations(
    accountId: string,
    region: string,
    rule: PlatformConfigRule,
  ): RuleEvaluations;
  /** Rules of the PBC's conformance pack: the rules of the controls that apply to it. */
  packRules(pbc: Pbc): PlatformConfigRule[];
  /** Evaluation results of the PBC's resources for its pack's rules. */
  packEvaluations(pbc: Pbc): EvaluationRecord[];
}
