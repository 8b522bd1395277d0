/**
 * What the AWS reader hands to the refresh: plain data, no SDK types, so that
 * the domain code and the tests do not depend on the SDK.
 */

export interface AccountRegion {
  accountId: string;
  region: string;
}

/** A resource carrying the `pbc` tag, from SelectResourceConfig. */
export interface TaggedResource {
  accountId: string;
  region: string;
  resourceId: string;
  resourceType: string;
  resourceName?: string;
  arn?: string;
  /** Value of the `pbc` tag. */
  pbc: string;
}

export interface ConfigRuleInfo {
  name: string;
  /** `AWS` for managed rules, `CUSTOM_LAMBDA` / `CUSTOM_POLICY` otherwise. */
  sourceOwner?: string;
  /** The managed rule identifier, e.g. `DYNAMODB_PITR_ENABLED`. */
  sourceIdentifier?: string;
  /** Rule-level compliance from DescribeComplianceByConfigRule. */
  compliance?: string;
}

/** One evaluation of a tagged resource by a rule. */
export interface RuleEvaluation {
  ruleName: string;
  resourceType: string;
  resourceId: string;
  compliance: 'COMPLIANT' | 'NON_COMPLIANT';
  annotation?: string;
  recordedAt?: string;
}

export interface ConfigReadResult extends AccountRegion {
  resources: TaggedResource[];
  rules: ConfigRuleInfo[];
  /** Only evaluations of tagged resources; the rest belong to no PBC. */
  evaluations: RuleEvaluation[];
  conformancePacks: string[];
  /**
   * How Config was read: everything, only what changed since the last read,
   * or everything because the account does not record
   * AWS::Config::ResourceCompliance. Absent: everything.
   */
  readMode?: ConfigReadMode;
}

export type ConfigReadMode =
  | 'full'
  | 'changes'
  | 'full-fallback'
  | 'accounts-fallback';

/** A CloudTrail event as LookupEvents returns it. */
export interface TrailEvent {
  eventId: string;
  eventTime: Date;
  eventName: string;
  eventSource: string;
  username?: string;
  resources: Array<{ type?: string; name?: string }>;
  /** The full record as a JSON string. */
  cloudTrailEvent?: string;
}

export interface CloudTrailReadResult {
  pages: number;
  events: number;
}

/** Reads one account and Region; the seam the tests and benchmark swap. */
export interface ComplianceReader {
  readConfig(
    target: AccountRegion,
    options?: { signal?: AbortSignal },
  ): Promise<ConfigReadResult>;
  /**
   * Reads the write management events of the window, newest first, and hands
   * each page to `onPage` before fetching the next (so that memory stays flat).
   */
  readCloudTrail(
    target: AccountRegion,
    window: { start: Date; end: Date },
    onPage: (events: TrailEvent[]) => Promise<void> | void,
    options?: { signal?: AbortSignal },
  ): Promise<CloudTrailReadResult>;
  /** HTTP requests sent so far, if the reader counts them. */
  requestCount?(): number;
  /** Present if the reader keeps state between refreshes. */
  state?: StatefulReader;
}

/** The kept reader states as the refresh found them in the database. */
export interface ReaderStateSource {
  /** scope → version (the snapshot it was committed with). */
  versions: Map<string, number>;
  load(scope: string): Promise<{ version: number; data: Buffer } | undefined>;
}

/**
 * A reader whose state outlives the process: the refresh hands it what the
 * database keeps, writes what it read in the snapshot's transaction, and
 * tells it whether that committed.
 */
export interface StatefulReader {
  beginRefresh(source: ReaderStateSource): void;
  /** The states changed by this refresh's reads, encoded. */
  pendingStates(): Array<{ scope: string; data: Buffer }>;
  /**
   * Committed: the pending states are now those of `version`. Not: they are
   * forgotten, and the next read starts from what the database keeps.
   */
  endRefresh(
    outcome: { committed: true; version: number } | { committed: false },
  ): void;
}
