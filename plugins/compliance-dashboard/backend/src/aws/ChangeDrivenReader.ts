import {
  ConfigServiceClient,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { AwsClientFactory } from './AwsClientFactory';
import {
  list,
  paginate,
  parseResourceRow,
  resourceKey,
  send,
} from './AwsComplianceReader';
import { LoggerService } from '@backstage/backend-plugin-api';
import { MalformedResponseError } from './errors';
import {
  accountScope,
  decodeConfig,
  decodeReaderState,
  encodeConfig,
  encodeReaderState,
  isFiniteNumber,
  KeptConfig,
  ReaderStateError,
  loadKeptState,
} from './readerState';
import {
  AccountRegion,
  CloudTrailReadResult,
  ComplianceReader,
  ConfigReadResult,
  ReaderStateSource,
  RuleEvaluation,
  StatefulReader,
  TaggedResource,
  TrailEvent,
} from './types';

/** The configuration item AWS Config keeps per evaluated resource. */
export const RESOURCE_COMPLIANCE_TYPE = 'AWS::Config::ResourceCompliance';

const iso = (ms: number) => new Date(ms).toISOString();

/** ResourceCompliance items captured after a time: the changed evaluations. */
export const changedComplianceQuery = (since: number) =>
  `SELECT resourceId, configuration.targetResourceId, configuration.targetResourceType, configuration.configRuleList, configurationItemCaptureTime WHERE resourceType = '${RESOURCE_COMPLIANCE_TYPE}' AND configurationItemCaptureTime > '${iso(
    since,
  )}'`;

/** Resources captured after a time, tagged or not (a removed tag is a change). */
export const changedResourcesQuery = (since: number) =>
  `SELECT resourceId, resourceType, resourceName, arn, tags, awsRegion, accountId, configurationItemCaptureTime WHERE resourceType != '${RESOURCE_COMPLIANCE_TYPE}' AND configurationItemCaptureTime > '${iso(
    since,
  )}'`;

/** Finds whether the recorder records ResourceCompliance at all. */
export const RESOURCE_COMPLIANCE_PROBE = `SELECT resourceId WHERE resourceType = '${RESOURCE_COMPLIANCE_TYPE}'`;

/** What was read of one account and Region, kept between refreshes. */
interface AccountState extends KeptConfig {
  ruleNames: Set<string>;
  /** Capture time (ms) from which the next read asks for changes. */
  watermark: number;
  fullAt: number;
  recordsResourceCompliance: boolean;
  /** The stored version this state is (or started from). */
  version?: number;
  /** Read in this refresh, not committed yet. */
  pending: boolean;
}

/** The full reader's Config read, which the change-driven one reconciles with. */
export interface FullConfigReader {
  readConfig(
    target: AccountRegion,
    options?: { signal?: AbortSignal },
  ): Promise<ConfigReadResult>;
  readCloudTrail: ComplianceReader['readCloudTrail'];
  requestCount?(): number;
}

/**
 * Reads AWS Config by what changed: after one full read of an account and
 * Region, each refresh asks two advanced queries for the configuration items
 * captured since the last read (AWS::Config::ResourceCompliance for
 * evaluations, the other types for tags), so that a refresh without changes
 * costs two Config calls and its pages grow with changes, not with resources.
 * A full read reconciles every `reconcileEveryMs` (deletions, annotations,
 * new rules and conformance packs). An account whose recorder leaves out
 * ResourceCompliance is read in full every time, and says so (`readMode`).
 *
 * With a database ({@link StatefulReader}, driven by the refresh), the state
 * is kept with each snapshot: a restarted process or another replica
 * continues from it. Without, it is per process.
 */
export class ChangeDrivenReader implements ComplianceReader {
  readonly #full: FullConfigReader;
  readonly #clients: Pick<AwsClientFactory, 'configClient'>;
  readonly #reconcileEveryMs: number;
  readonly #overlapMs: number;
  readonly #now: () => number;
  readonly #state = new Map<string, AccountState>();
  readonly #logger?: Pick<LoggerService, 'warn'>;
  #source?: ReaderStateSource;

  /**
   * @param options.reconcileEveryMs - time between two full reads of an
   *   account and Region.
   * @param options.overlapMs - how far before the last read's start the next
   *   asks again, for items AWS Config records late (applied idempotently).
   */
  constructor(options: {
    full: FullConfigReader;
    clients: Pick<AwsClientFactory, 'configClient'>;
    reconcileEveryMs: number;
    overlapMs: number;
    now?: () => number;
    logger?: Pick<LoggerService, 'warn'>;
  }) {
    this.#logger = options.logger;
    this.#full = options.full;
    this.#clients = options.clients;
    this.#reconcileEveryMs = options.reconcileEveryMs;
    this.#overlapMs = options.overlapMs;
    this.#now = options.now ?? Date.now;
  }

  requestCount(): number {
    return this.#full.requestCount?.() ?? 0;
  }

  /**
   * The tagged resources last read in an account (all its Regions), to
   * attribute a pushed CloudTrail event without reading Config again.
   */
  knownResources(accountId: string): TaggedResource[] {
    const resources: TaggedResource[] = [];
    for (const [key, state] of this.#state) {
      if (key.startsWith(`${accountId}/`))
        resources.push(...state.resources.values());
    }
    return resources;
  }

  /**
   * Applies one pushed evaluation result to the kept state, unless the
   * state already has a result recorded later (out-of-order delivery).
   * Returns whether it changed the state. An account and Region not read
   * yet is left to its first (full) read.
   */
  applyPushedChange(change: {
    accountId: string;
    region: string;
    ruleName: string;
    resourceType: string;
    resourceId: string;
    compliance: string;
    time: Date;
  }): boolean {
    const state = this.#state.get(`${change.accountId}/${change.region}`);
    if (!state) return false;
    const k = resourceKey(change.resourceType, change.resourceId);
    const perRule = state.evaluations.get(k) ?? new Map();
    const before = perRule.get(change.ruleName);
    const beforeAt = before?.recordedAt
      ? new Date(before.recordedAt).getTime()
      : undefined;
    if (
      beforeAt !== undefined &&
      (beforeAt > change.time.getTime() ||
        (beforeAt === change.time.getTime() &&
          before!.compliance === change.compliance))
    ) {
      // Older than what is kept, or the same result again.
      return false;
    }
    if (
      change.compliance === 'COMPLIANT' ||
      change.compliance === 'NON_COMPLIANT'
    ) {
      perRule.set(change.ruleName, {
        ruleName: change.ruleName,
        resourceType: change.resourceType,
        resourceId: change.resourceId,
        compliance: change.compliance,
        annotation:
          before?.compliance === change.compliance
            ? before.annotation
            : undefined,
        recordedAt: change.time.toISOString(),
      });
    } else {
      perRule.delete(change.ruleName);
    }
    state.evaluations.set(k, perRule);
    return true;
  }

  readCloudTrail(
    target: AccountRegion,
    window: { start: Date; end: Date },
    onPage: (events: TrailEvent[]) => Promise<void> | void,
    options?: { signal?: AbortSignal },
  ): Promise<CloudTrailReadResult> {
    return this.#full.readCloudTrail(target, window, onPage, options);
  }

  readonly state: StatefulReader = {
    beginRefresh: source => {
      this.#source = source;
    },
    pendingStates: () => {
      const out: Array<{ scope: string; data: Buffer }> = [];
      for (const [key, state] of this.#state) {
        if (!state.pending) continue;
        const [accountId, region] = key.split('/');
        out.push({
          scope: accountScope({ accountId, region }),
          data: encodeReaderState('account', {
            watermark: state.watermark,
            fullAt: state.fullAt,
            recordsResourceCompliance: state.recordsResourceCompliance,
            config: encodeConfig(state),
          }),
        });
      }
      return out;
    },
    endRefresh: outcome => {
      for (const [key, state] of this.#state) {
        if (!state.pending) continue;
        if (outcome.committed) {
          state.pending = false;
          state.version = outcome.version;
        } else {
          // Not kept: the next read starts from the database's state.
          this.#state.delete(key);
        }
      }
    },
  };

  /**
   * The state to continue from: the one in memory if the database keeps the
   * same version, else the database's (another process committed since).
   */
  async #current(
    key: string,
    target: AccountRegion,
  ): Promise<AccountState | undefined> {
    const memory = this.#state.get(key);
    const source = this.#source;
    if (!source) return memory;
    const scope = accountScope(target);
    const stored = source.versions.get(scope);
    if (memory && !memory.pending && memory.version === stored) return memory;
    this.#state.delete(key);
    const kept = await loadKeptState(
      source,
      scope,
      data => decodeAccountState(data, target),
      (version, why) =>
        this.#logger?.warn(
          `Compliance reader: the kept state of ${key} (version ${version}) cannot be used (${why}); reading ${key} in full`,
        ),
    );
    if (!kept) return undefined;
    kept.state.version = kept.version;
    this.#state.set(key, kept.state);
    return kept.state;
  }

  async readConfig(
    target: AccountRegion,
    options?: { signal?: AbortSignal },
  ): Promise<ConfigReadResult> {
    const key = `${target.accountId}/${target.region}`;
    const state = await this.#current(key, target);
    const startedAt = this.#now();
    if (
      !state ||
      !state.recordsResourceCompliance ||
      startedAt - state.fullAt >= this.#reconcileEveryMs
    ) {
      return this.#readFull(key, target, startedAt, options?.signal);
    }
    try {
      const needsFull = await this.#applyChanges(
        state,
        target,
        options?.signal,
      );
      if (needsFull) {
        return this.#readFull(key, target, startedAt, options?.signal);
      }
    } catch (error) {
      // A half-applied change set is not trusted: the next read starts
      // from the committed state, or in full without one.
      this.#state.delete(key);
      throw error;
    }
    state.watermark = startedAt - this.#overlapMs;
    state.pending = this.#source !== undefined;
    return this.#result(target, state, 'changes');
  }

  async #readFull(
    key: string,
    target: AccountRegion,
    startedAt: number,
    signal?: AbortSignal,
  ): Promise<ConfigReadResult> {
    this.#state.delete(key);
    const read = await this.#full.readConfig(target, { signal });
    const client = await this.#clients.configClient(
      target.accountId,
      target.region,
    );
    // Evaluations without ResourceCompliance items: the recorder leaves the
    // type out, and changes cannot be found; every read stays full.
    const records =
      read.evaluations.length === 0 ||
      (await this.#hasResourceCompliance(client, signal));
    const evaluations = new Map<string, Map<string, RuleEvaluation>>();
    for (const e of read.evaluations) {
      const k = resourceKey(e.resourceType, e.resourceId);
      const perRule = evaluations.get(k) ?? new Map();
      perRule.set(e.ruleName, e);
      evaluations.set(k, perRule);
    }
    const state: AccountState = {
      resources: new Map(
        read.resources.map(r => [resourceKey(r.resourceType, r.resourceId), r]),
      ),
      evaluations,
      rules: read.rules,
      ruleNames: new Set(read.rules.map(r => r.name)),
      conformancePacks: read.conformancePacks,
      watermark: startedAt - this.#overlapMs,
      fullAt: startedAt,
      recordsResourceCompliance: records,
      pending: this.#source !== undefined,
    };
    this.#state.set(key, state);
    return { ...read, readMode: records ? 'full' : 'full-fallback' };
  }

  async #hasResourceCompliance(
    client: ConfigServiceClient,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const out = await send(
      'SelectResourceConfig',
      () =>
        client.send(
          new SelectResourceConfigCommand({
            Expression: RESOURCE_COMPLIANCE_PROBE,
            Limit: 1,
          }),
          { abortSignal: signal },
        ),
      signal,
    );
    return list(out.Results, 'SelectResourceConfig', 'Results').length > 0;
  }

  /** Applies the changes since the watermark; true if a full read is needed. */
  async #applyChanges(
    state: AccountState,
    target: AccountRegion,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const client = await this.#clients.configClient(
      target.accountId,
      target.region,
    );
    let unknownRule = false;
    await this.#select(
      client,
      changedComplianceQuery(state.watermark),
      signal,
      line => {
        const row = parseComplianceRow(line);
        const k = resourceKey(row.resourceType, row.resourceId);
        for (const entry of row.rules) {
          if (!state.ruleNames.has(entry.ruleName)) unknownRule = true;
        }
        state.evaluations.set(
          k,
          evaluationsOfRow(row, state.evaluations.get(k)),
        );
      },
    );
    if (unknownRule) {
      // A rule deployed since the last full read: its controls are unknown.
      return true;
    }
    await this.#select(
      client,
      changedResourcesQuery(state.watermark),
      signal,
      line => {
        const resource = parseResourceRow(line, target);
        if (resource) {
          state.resources.set(
            resourceKey(resource.resourceType, resource.resourceId),
            resource,
          );
        } else {
          const row = JSON.parse(line) as {
            resourceType: string;
            resourceId: string;
          };
          state.resources.delete(resourceKey(row.resourceType, row.resourceId));
        }
      },
    );
    return false;
  }

  async #select(
    client: ConfigServiceClient,
    expression: string,
    signal: AbortSignal | undefined,
    onRow: (line: string) => void,
  ): Promise<void> {
    await paginate('SelectResourceConfig', signal, async NextToken => {
      const out = await send(
        'SelectResourceConfig',
        () =>
          client.send(
            new SelectResourceConfigCommand({
              Expression: expression,
              Limit: 100,
              NextToken,
            }),
            { abortSignal: signal },
          ),
        signal,
      );
      for (const line of list(out.Results, 'SelectResourceConfig', 'Results')) {
        onRow(line);
      }
      return out.NextToken;
    });
  }

  #result(
    target: AccountRegion,
    state: AccountState,
    readMode: ConfigReadResult['readMode'],
  ): ConfigReadResult {
    const evaluations: RuleEvaluation[] = [];
    for (const k of state.resources.keys()) {
      for (const e of state.evaluations.get(k)?.values() ?? []) {
        evaluations.push(e);
      }
    }
    return {
      ...target,
      resources: [...state.resources.values()],
      rules: state.rules,
      evaluations,
      conformancePacks: state.conformancePacks,
      readMode,
    };
  }
}

function decodeAccountState(data: Buffer, target: AccountRegion): AccountState {
  const body = decodeReaderState(data, 'account');
  if (
    !isFiniteNumber(body.watermark) ||
    !isFiniteNumber(body.fullAt) ||
    typeof body.recordsResourceCompliance !== 'boolean'
  ) {
    throw new ReaderStateError('invalid watermark or flags');
  }
  const config = decodeConfig(body.config, target);
  return {
    ...config,
    ruleNames: new Set(config.rules.map(r => r.name)),
    watermark: body.watermark,
    fullAt: body.fullAt,
    recordsResourceCompliance: body.recordsResourceCompliance,
    pending: false,
  };
}

export interface ComplianceRow {
  resourceType: string;
  resourceId: string;
  capturedAt?: string;
  rules: Array<{
    ruleName: string;
    compliance: 'COMPLIANT' | 'NON_COMPLIANT';
  }>;
}

/**
 * A resource's evaluations after a ResourceCompliance row, on top of what was
 * known of it. The row has no annotation: the last one is kept while the
 * result stays the same, and the next full read brings new ones.
 */
export function evaluationsOfRow(
  row: ComplianceRow,
  previous: Map<string, RuleEvaluation> | undefined,
): Map<string, RuleEvaluation> {
  const next = new Map<string, RuleEvaluation>();
  for (const entry of row.rules) {
    const before = previous?.get(entry.ruleName);
    next.set(entry.ruleName, {
      ruleName: entry.ruleName,
      resourceType: row.resourceType,
      resourceId: row.resourceId,
      compliance: entry.compliance,
      annotation:
        before?.compliance === entry.compliance ? before.annotation : undefined,
      recordedAt: row.capturedAt ?? before?.recordedAt,
    });
  }
  return next;
}

export function parseComplianceRow(line: string): ComplianceRow {
  let row: {
    configuration?: {
      targetResourceId?: unknown;
      targetResourceType?: unknown;
      configRuleList?: unknown;
    };
    configurationItemCaptureTime?: unknown;
  };
  try {
    row = JSON.parse(line);
  } catch {
    throw new MalformedResponseError(
      'SelectResourceConfig',
      'result row is not JSON',
    );
  }
  const c = row?.configuration;
  if (
    !c ||
    typeof c.targetResourceId !== 'string' ||
    typeof c.targetResourceType !== 'string' ||
    !Array.isArray(c.configRuleList)
  ) {
    throw new MalformedResponseError(
      'SelectResourceConfig',
      'ResourceCompliance row without its target or rule list',
    );
  }
  const rules: ComplianceRow['rules'] = [];
  for (const entry of c.configRuleList as Array<Record<string, unknown>>) {
    const ruleName = entry?.configRuleName;
    const compliance = entry?.complianceType;
    if (
      typeof ruleName === 'string' &&
      (compliance === 'COMPLIANT' || compliance === 'NON_COMPLIANT')
    ) {
      rules.push({ ruleName, compliance });
    }
  }
  const captured =
    typeof row.configurationItemCaptureTime === 'string'
      ? new Date(row.configurationItemCaptureTime)
      : undefined;
  return {
    resourceType: c.targetResourceType,
    resourceId: c.targetResourceId,
    capturedAt:
      captured && !Number.isNaN(captured.getTime())
        ? captured.toISOString()
        : undefined,
    rules,
  };
}
