import type {
  ControlFamily,
  ControlLevel,
  ControlScope,
  Guidance,
  Severity,
} from '@pbc-portal/pbc-domain';
import type { ControlExemption } from './exemptions';

/**
 * The data transfer objects of the compliance dashboard's REST API. They are
 * the contract between the backend and the frontend: no AWS SDK type crosses
 * the wire. Timestamps are ISO 8601 strings in UTC.
 */

/**
 * How a control stands for one PBC.
 *
 * - `passing`: AWS Config evaluated the PBC's resources for the control and
 *   found none non-compliant.
 * - `failing`: at least one of the PBC's resources is non-compliant.
 * - `insufficient-data`: the control applies, but no evaluation of the PBC's
 *   resources exists (no rule deployed for it, the rule has not run yet, or
 *   the control is detected by CloudTrail only).
 * - `not-applicable`: the PBC owns no resource of the types the control
 *   concerns, so there is nothing to evaluate.
 *
 * Only `passing` and `failing` count towards the score.
 *
 * @public
 */
export type ControlStatus =
  | 'passing'
  | 'failing'
  | 'insufficient-data'
  | 'not-applicable';

/** A number per severity. @public */
export type SeverityCounts = Record<Severity, number>;

/** One point of a score history. @public */
export interface ScorePoint {
  /** The day (UTC, `YYYY-MM-DD`) of the last refresh that day. */
  day: string;
  /** 0–100, or null when no control could be scored. */
  score: number | null;
}

/**
 * Why a PBC's data may be old: the last refresh could not read its AWS
 * account (and Region); the data shown is the last good data.
 *
 * @public
 */
export interface Staleness {
  stale: boolean;
  /** The error of the failed read, without credentials. */
  reason?: string;
  /** The account and Region whose read failed. */
  accountId?: string;
  region?: string;
}

/**
 * A PBC as the list, team and export views show it.
 *
 * @public
 */
export interface PbcSummary {
  /** Catalog entity ref, e.g. `component:default/cart`. */
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** Value of the `pbc` tag on its AWS resources. */
  pbc: string;
  /** Owner entity ref, e.g. `group:default/team-cart`. */
  owner?: string;
  /** System entity ref, e.g. `system:default/commerce`. */
  system?: string;
  awsAccountId: string;
  awsRegion: string;
  conformancePack: string;
  /** Whether the conformance pack exists in the account and Region. */
  conformancePackDeployed: boolean;
  pciScope: boolean;
  /** 0–100 (see the scoring formula in the README), or null if nothing could be scored. */
  score: number | null;
  /** Failing controls by severity. */
  failingControls: SeverityCounts;
  /** Failing controls by family (every family present, zeros included), for the platform heatmap. */
  failingByFamily: Record<ControlFamily, number>;
  passingControlCount: number;
  failingControlCount: number;
  insufficientDataControlCount: number;
  /** Risky CloudTrail events attributed to the PBC in the `riskyEventDays` days before the refresh. */
  riskyEvents: number;
  /** The window of `riskyEvents` and of the detail's events (`complianceDashboard.riskyEventDays`). */
  riskyEventDays: number;
  /** Daily scores, oldest first, at most `trendDays` points. */
  trend: ScorePoint[];
  /** When the refresh that produced this entry finished. */
  lastRefreshAt: string;
  /** When the AWS data shown was read; older than `lastRefreshAt` if stale. */
  dataAsOf?: string;
  staleness: Staleness;
  /**
   * Controls exempt by an approved, unexpired exemption of the whole control:
   * they are not counted in `failingControls`, `failingByFamily` or
   * `failingControlCount`, and the score treats them per
   * `ExemptionSettings.countTowardsScore`.
   */
  exemptControlCount?: number;
  /** The approved, unexpired exemptions of the PBC (whole control or named resources). */
  exemptions?: ControlExemption[];
  /**
   * Set when a refresh failed after this data was written: the page shows
   * older data than the schedule promises, and says why.
   */
  lastRefreshFailure?: RefreshFailure;
}

/** A refresh that failed as a whole; `message` is written for readers. @public */
export interface RefreshFailure {
  refreshId: string;
  /** When it failed (ISO 8601). */
  at: string;
  message: string;
}

/** A page of PBCs. @public */
export interface PbcListResponse {
  items: PbcSummary[];
  /** Number of PBCs matching the filters (before paging). */
  totalCount: number;
  offset: number;
  limit: number;
  /** The snapshot the page was read from; absent before the first refresh. */
  snapshot?: SnapshotInfo;
}

/** @public */
export interface SnapshotInfo {
  id: number;
  refreshId: string;
  createdAt: string;
  /** True when at least one account or Region could not be read. */
  partial: boolean;
}

/**
 * A control's result for one PBC, with what a reader needs to act on it.
 *
 * @public
 */
export interface ControlResult {
  controlId: string;
  title: string;
  family: ControlFamily;
  severity: Severity;
  level: ControlLevel;
  scope: ControlScope;
  status: ControlStatus;
  /** Evaluations of the PBC's resources, by outcome. */
  compliantResourceCount: number;
  nonCompliantResourceCount: number;
  /** AWS Config rule names that evaluated the control. */
  configRules: string[];
  remediation: string;
  guidance: Guidance;
  /** Link to the article section that argues for the control. */
  guidanceUrl: string;
  /** An approved, unexpired exemption of this control ("exempt until …"). */
  exemption?: ControlExemption;
}

/** A resource AWS Config found non-compliant. @public */
export interface NonCompliantResource {
  resourceId: string;
  resourceType: string;
  resourceName?: string;
  arn?: string;
  awsAccountId: string;
  awsRegion: string;
  configRuleName: string;
  controlIds: string[];
  /** The rule's explanation, when it gave one. */
  annotation?: string;
  /** Set when an approved exemption names this resource. */
  exemptionId?: string;
  /** When Config recorded the result. */
  evaluatedAt?: string;
  /** The resource in the AWS Config console. */
  consoleUrl: string;
}

/** Why an event is risky: one matched control signal. @public */
export interface RiskReason {
  controlId: string;
  severity: Severity;
  /** The predicate that fired, if the signal has one. */
  predicate?: string;
  why: string;
}

/** A CloudTrail write event that matched a risk signal of a control. @public */
export interface RiskyEvent {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  awsAccountId: string;
  awsRegion: string;
  /** ARN (or type) of the caller. */
  principal?: string;
  sourceIpAddress?: string;
  /** The worst severity among the reasons. */
  severity: Severity;
  reasons: RiskReason[];
  /** ARNs or names of the resources the event touched. */
  resources: string[];
  /** Entity refs of the PBCs the event is attributed to. */
  pbcs: string[];
}

/** One PBC in full: the entity tab and the PBC page. @public */
export interface PbcDetail {
  summary: PbcSummary;
  /** Applicable controls, failing first, then by severity. */
  controls: ControlResult[];
  nonCompliantResources: NonCompliantResource[];
  /** Risky events of the last `riskyEventDays` days, newest first. */
  riskyEvents: RiskyEvent[];
  /** Daily scores over the retention period, oldest first. */
  scoreHistory: ScorePoint[];
}

/** A team's roll-up over the PBCs it owns (that the caller may read). @public */
export interface TeamSummary {
  /** Owner entity ref, e.g. `group:default/team-cart`. */
  teamRef: string;
  pbcCount: number;
  /** Mean of the PBCs' scores that are not null, rounded; null if none. */
  score: number | null;
  failingControls: SeverityCounts;
  /** Sum of the PBCs' `riskyEvents`, over `riskyEventDays` days. */
  riskyEvents: number;
  riskyEventDays: number;
  stalePbcCount: number;
}

/** @public */
export interface TeamListResponse {
  items: TeamSummary[];
  snapshot?: SnapshotInfo;
}

/** @public */
export interface TeamDetail {
  summary: TeamSummary;
  pbcs: PbcSummary[];
  snapshot?: SnapshotInfo;
}

/** @public */
export type RefreshState =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'partial'
  | 'failed';

/** How one account and Region fared in a refresh. @public */
export interface AccountRefreshStatus {
  accountId: string;
  region: string;
  state: 'pending' | 'ok' | 'failed';
  error?: string;
  awsCalls?: number;
  cloudTrailEvents?: number;
  /**
   * How AWS Config was read: `changes` (only what changed since the last
   * read), `full`, or `full-fallback` (full because the account does not
   * record AWS::Config::ResourceCompliance), or `accounts-fallback` (in
   * aggregator mode, read in the account itself because the aggregator
   * could not serve it; `error` says why).
   */
  configRead?: 'full' | 'changes' | 'full-fallback' | 'accounts-fallback';
}

/** A refresh, queued, running or done. @public */
export interface RefreshStatus {
  id: string;
  trigger: 'schedule' | 'manual';
  state: RefreshState;
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
  /** The snapshot it wrote, once done. */
  snapshotId?: number;
  pbcCount?: number;
  awsCalls?: number;
  accounts: AccountRefreshStatus[];
}

/** The answer to `POST /refresh` (status 202). @public */
export interface RefreshAccepted {
  id: string;
  state: RefreshState;
  /** Path (relative to the plugin's base URL) to poll. */
  statusPath: string;
}

/** @public */
export interface HealthResponse {
  /** `ok`: data is current; `degraded`: some accounts are stale or the latest refresh failed; `empty`: no refresh has finished yet. */
  status: 'ok' | 'degraded' | 'empty';
  snapshot?: SnapshotInfo;
  lastRefresh?: RefreshStatus;
  /**
   * The latest refresh that failed as a whole, when it is newer than the
   * current snapshot (the status is then `degraded`).
   */
  lastFailure?: RefreshFailure;
  /** A queued or running refresh, if any. */
  activeRefresh?: RefreshStatus;
  staleAccounts: Array<{
    accountId: string;
    region: string;
    error: string;
    since: string;
    lastSuccessAt?: string;
  }>;
  /** The event queue consumer of the backend replica that answered. */
  push?: PushConsumerStatus;
}

/**
 * Events pushed in from the SQS queue (`complianceDashboard.push`). Per
 * backend replica: each consumes its share of the queue.
 *
 * @public
 */
export interface PushConsumerStatus {
  /** False when no queue is configured: data follows the schedule only. */
  enabled: boolean;
  /** `polling`: the queue cannot be read; the scheduled refresh keeps the data current. */
  mode?: 'push' | 'polling';
  /** Since when the consumer is in this mode. */
  since?: string;
  /** Why it polls. */
  reason?: string;
  lastMessageAt?: string;
  /** The last failure to receive, commit or delete (kept after recovery). */
  lastError?: { message: string; at: string };
  /** Messages committed and deleted since the replica started. */
  handled: number;
  received: number;
  applied: number;
  duplicates: number;
  /** Messages that cannot be processed (left for the dead-letter queue). */
  poison: number;
}

/** @public */
export type PbcSortField =
  | 'score'
  | 'name'
  | 'failing'
  | 'risky'
  | 'owner'
  | 'system'
  | 'lastRefresh';

/**
 * Query parameters of `GET /pbcs` and `GET /export.csv` (the export ignores
 * paging). Repeated parameters (`owner`, `system`, `severity`, `family`) match
 * any of the values.
 *
 * @public
 */
export interface PbcListQuery {
  owner?: string[];
  system?: string[];
  /** PBCs with at least one failing control of one of these severities. */
  severity?: Severity[];
  /** PBCs with at least one failing control of one of these families. */
  family?: ControlFamily[];
  /** Only stale (true) or only fresh (false) PBCs. */
  stale?: boolean;
  /** Case-insensitive substring of name, title, pbc tag, owner or system. */
  search?: string;
  sort?: PbcSortField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/**
 * A catalog entity that claims a PBC's `pbc` tag and AWS account but is not believed: its data
 * is not shown under it. `untrusted-origin`: it comes from a location that may not speak for the
 * tag; `duplicate-claim`: another entity holds the tag and account.
 */
export interface PbcIdentityConflict {
  entityRef: string;
  pbc: string;
  accountId: string;
  /** The entity's `backstage.io/managed-by-origin-location`. */
  origin?: string;
  owner?: string;
  reason: 'untrusted-origin' | 'duplicate-claim';
  message: string;
  /** The entity the tag and account belong to, if any. */
  authoritativeRef?: string;
}

export interface PbcIdentityConflictsResponse {
  items: PbcIdentityConflict[];
}
