import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeAggregateComplianceByConformancePacksCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Semaphore } from '../util/Semaphore';
import { AwsClientFactory } from './AwsClientFactory';
import {
  list,
  paginate,
  parseResourceRow,
  resourceKey,
  send,
  TAGGED_RESOURCES_QUERY,
} from './AwsComplianceReader';
import {
  changedComplianceQuery,
  changedResourcesQuery,
  evaluationsOfRow,
  parseComplianceRow,
  RESOURCE_COMPLIANCE_TYPE,
} from './ChangeDrivenReader';
import {
  aggregatorScope,
  decodeConfig,
  decodeReaderState,
  encodeConfig,
  encodeReaderState,
  isFiniteNumber,
  ReaderStateError,
  loadKeptState,
} from './readerState';
import {
  AccountRegion,
  CloudTrailReadResult,
  ComplianceReader,
  ConfigReadResult,
  ConfigRuleInfo,
  ReaderStateSource,
  RuleEvaluation,
  StatefulReader,
  TaggedResource,
  TrailEvent,
} from './types';

/** Where the aggregator lives. */
export interface AggregatorLocation {
  accountId: string;
  region: string;
  name: string;
}

/** An account and Region the aggregator does not (or no longer) read. */
export class AggregatorSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AggregatorSourceError';
  }
}

const ALL_COMPLIANCE_QUERY = `SELECT accountId, awsRegion, configuration.targetResourceId, configuration.targetResourceType, configuration.configRuleList, configurationItemCaptureTime WHERE resourceType = '${RESOURCE_COMPLIANCE_TYPE}'`;
// The aggregate rows need the source account and Region.
const withSource = (query: string) =>
  query.replace(/^SELECT /, 'SELECT accountId, awsRegion, ');

interface SourceData {
  resources: Map<string, TaggedResource>;
  evaluations: Map<string, Map<string, RuleEvaluation>>;
  rules: ConfigRuleInfo[];
  packs: string[];
}

interface Round {
  at: number;
  promise: Promise<{
    sources: Map<string, SourceData | string>;
    mode: 'full' | 'changes';
  }>;
}

interface AggregatorState {
  sources: Map<string, SourceData>;
  /** The sources (`<account>/<region>`) the last full round read. */
  fullSources: Set<string>;
  watermark: number;
  fullAt: number;
  /** The stored version this state is (or started from). */
  version?: number;
  /** Read in this refresh, not committed yet. */
  pending: boolean;
}

/**
 * Reads AWS Config of every member account through one configuration
 * aggregator (in a delegated-administrator account), CloudTrail still per
 * account and Region. One round of aggregate calls serves every account and
 * Region of a refresh (rounds are reused for `roundMs`). The first round, and
 * one every `reconcileEveryMs`, reads everything; the others ask for the
 * configuration items captured since the last round (as
 * {@link ChangeDrivenReader} does per account), so that a round without
 * changes costs three calls: the sources' status and two queries.
 *
 * An account and Region that the aggregator does not read, or whose last
 * update failed, fails alone (its PBCs go stale); the others stay fresh.
 *
 * With a database ({@link StatefulReader}), the state is kept per
 * aggregator with each snapshot, so that a restarted process or another
 * replica continues with change queries.
 */
export class AggregatorReader implements ComplianceReader {
  readonly #location: AggregatorLocation;
  readonly #clients: Pick<AwsClientFactory, 'configClient' | 'stats'>;
  readonly #cloudTrail: Pick<ComplianceReader, 'readCloudTrail'>;
  readonly #perAccount?: Pick<ComplianceReader, 'readConfig' | 'state'>;
  readonly #logger?: Pick<LoggerService, 'warn'>;
  #stored?: ReaderStateSource;
  readonly #roundMs: number;
  readonly #reconcileEveryMs: number;
  readonly #overlapMs: number;
  readonly #now: () => number;
  #round?: Round;
  #state?: AggregatorState;

  constructor(options: {
    location: AggregatorLocation;
    clients: Pick<AwsClientFactory, 'configClient' | 'stats'>;
    /** Reads CloudTrail per account and Region. */
    cloudTrail: Pick<ComplianceReader, 'readCloudTrail'>;
    /**
     * Reads Config in the account itself when the aggregator cannot serve
     * it (unavailable, not a source, or its last update failed); without
     * it such an account fails alone.
     */
    perAccount?: Pick<ComplianceReader, 'readConfig' | 'state'>;
    roundMs?: number;
    reconcileEveryMs: number;
    overlapMs: number;
    now?: () => number;
    logger?: Pick<LoggerService, 'warn'>;
  }) {
    this.#logger = options.logger;
    this.#location = options.location;
    this.#clients = options.clients;
    this.#cloudTrail = options.cloudTrail;
    this.#perAccount = options.perAccount;
    this.#roundMs = options.roundMs ?? 30_000;
    this.#reconcileEveryMs = options.reconcileEveryMs;
    this.#overlapMs = options.overlapMs;
    this.#now = options.now ?? Date.now;
  }

  requestCount(): number {
    return this.#clients.stats().requests;
  }

  readonly state: StatefulReader = {
    beginRefresh: source => {
      this.#stored = source;
      this.#perAccount?.state?.beginRefresh(source);
      if (!this.#inStep()) {
        // Another process committed since: a kept round is not current.
        this.#round = undefined;
      }
    },
    pendingStates: () => {
      const out = this.#perAccount?.state?.pendingStates() ?? [];
      const state = this.#state;
      if (state?.pending) {
        out.push({
          scope: aggregatorScope(this.#location),
          data: encodeReaderState('aggregator', {
            watermark: state.watermark,
            fullAt: state.fullAt,
            fullSources: [...state.fullSources],
            sources: [...state.sources].map(([key, data]) => [
              key,
              encodeConfig({ ...data, conformancePacks: data.packs }),
            ]),
          }),
        });
      }
      return out;
    },
    endRefresh: outcome => {
      this.#perAccount?.state?.endRefresh(outcome);
      const state = this.#state;
      if (!state?.pending) return;
      if (outcome.committed) {
        state.pending = false;
        state.version = outcome.version;
      } else {
        // Not kept: the next round starts from the database's state.
        this.#state = undefined;
        this.#round = undefined;
      }
    },
  };

  /** Whether the state in memory is the one the database keeps. */
  #inStep(): boolean {
    if (!this.#stored) return true;
    const stored = this.#stored.versions.get(aggregatorScope(this.#location));
    return (
      this.#state !== undefined &&
      !this.#state.pending &&
      this.#state.version === stored
    );
  }

  /** Continues from the database's state if memory is not in step with it. */
  async #syncState(): Promise<void> {
    const source = this.#stored;
    if (!source || this.#inStep()) return;
    this.#state = undefined;
    const kept = await loadKeptState(
      source,
      aggregatorScope(this.#location),
      decodeAggregatorState,
      (version, why) =>
        this.#logger?.warn(
          `Compliance reader: the kept state of the aggregator ${
            this.#location.name
          } (version ${version}) cannot be used (${why}); reading it in full`,
        ),
    );
    if (kept) {
      this.#state = { ...kept.state, version: kept.version, pending: false };
    }
  }

  readCloudTrail(
    target: AccountRegion,
    window: { start: Date; end: Date },
    onPage: (events: TrailEvent[]) => Promise<void> | void,
    options?: { signal?: AbortSignal },
  ): Promise<CloudTrailReadResult> {
    return this.#cloudTrail.readCloudTrail(target, window, onPage, options);
  }

  async readConfig(
    target: AccountRegion,
    options?: { signal?: AbortSignal },
  ): Promise<ConfigReadResult> {
    try {
      return await this.#readThroughAggregator(target, options);
    } catch (error) {
      if (!this.#perAccount || options?.signal?.aborted) throw error;
      const why = error instanceof Error ? error.message : String(error);
      try {
        const read = await this.#perAccount.readConfig(target, options);
        return { ...read, readMode: 'accounts-fallback' };
      } catch (fallbackError) {
        // Both ways failed: say both.
        throw new AggregatorSourceError(
          `${why}; read in the account instead, which failed too: ${
            fallbackError instanceof Error
              ? `${fallbackError.name}: ${fallbackError.message}`
              : String(fallbackError)
          }`,
        );
      }
    }
  }

  async #readThroughAggregator(
    target: AccountRegion,
    options?: { signal?: AbortSignal },
  ): Promise<ConfigReadResult> {
    const now = this.#now();
    if (!this.#round || now - this.#round.at >= this.#roundMs) {
      const promise = this.#readRound(now, options?.signal);
      this.#round = { at: now, promise };
      // A failed round is not reused.
      promise.catch(() => {
        if (this.#round?.promise === promise) this.#round = undefined;
      });
    }
    const { sources, mode } = await this.#round.promise;
    const data = sources.get(`${target.accountId}/${target.region}`);
    if (typeof data === 'string' || !data) {
      throw new AggregatorSourceError(
        data ??
          `Account ${target.accountId} (${
            target.region
          }) is not a source of the aggregator ${this.#location.name}`,
      );
    }
    const evaluations: RuleEvaluation[] = [];
    for (const k of data.resources.keys()) {
      for (const e of data.evaluations.get(k)?.values() ?? []) {
        evaluations.push(e);
      }
    }
    return {
      ...target,
      resources: [...data.resources.values()],
      rules: data.rules,
      evaluations,
      conformancePacks: data.packs,
      readMode: mode,
    };
  }

  /** Every source's data, or why a source cannot be read. */
  async #readRound(
    now: number,
    signal?: AbortSignal,
  ): Promise<{
    sources: Map<string, SourceData | string>;
    mode: 'full' | 'changes';
  }> {
    const client = await this.#clients.configClient(
      this.#location.accountId,
      this.#location.region,
    );
    const statuses = await this.#readSourceStatuses(client, signal);
    await this.#syncState();
    const state = this.#state;
    let mode: 'full' | 'changes' = 'changes';
    const readable = [...statuses.keys()].filter(key => !statuses.get(key));
    if (
      !state ||
      now - state.fullAt >= this.#reconcileEveryMs ||
      // A source that joined (or recovered) since the last full round: the
      // change queries would miss everything captured before the watermark.
      readable.some(key => !state.fullSources.has(key))
    ) {
      mode = 'full';
      this.#state = undefined;
      const sources = await this.#readFull(client, signal);
      this.#state = {
        sources,
        fullSources: new Set(readable),
        watermark: now - this.#overlapMs,
        fullAt: now,
        pending: this.#stored !== undefined,
      };
    } else {
      try {
        await this.#applyChanges(client, state, signal);
      } catch (error) {
        this.#state = undefined;
        throw error;
      }
      state.watermark = now - this.#overlapMs;
      state.pending = this.#stored !== undefined;
    }
    const out = new Map<string, SourceData | string>();
    for (const [key, data] of this.#state!.sources) out.set(key, data);
    for (const [key, problem] of statuses) {
      if (problem) out.set(key, problem);
    }
    // Sources the aggregator does not list are absent, whatever was read.
    for (const key of out.keys()) {
      if (!statuses.has(key)) out.delete(key);
    }
    return { sources: out, mode };
  }

  /** `<account>/<region>` → undefined if its last update succeeded, else why not. */
  async #readSourceStatuses(
    client: ConfigServiceClient,
    signal?: AbortSignal,
  ): Promise<Map<string, string | undefined>> {
    const statuses = new Map<string, string | undefined>();
    const op = 'DescribeConfigurationAggregatorSourcesStatus';
    await paginate(op, signal, async NextToken => {
      const out = await send(
        op,
        () =>
          client.send(
            new DescribeConfigurationAggregatorSourcesStatusCommand({
              ConfigurationAggregatorName: this.#location.name,
              Limit: 100,
              NextToken,
            }),
            { abortSignal: signal },
          ),
        signal,
      );
      for (const s of list(out.AggregatedSourceStatusList, op, 'List')) {
        if (!s.SourceId || !s.AwsRegion) continue;
        statuses.set(
          `${s.SourceId}/${s.AwsRegion}`,
          s.LastUpdateStatus === 'FAILED'
            ? `The aggregator ${this.#location.name} could not update from ${
                s.SourceId
              } (${s.AwsRegion}): ${s.LastErrorCode ?? 'FAILED'}${
                s.LastErrorMessage ? ` ${s.LastErrorMessage}` : ''
              }`
            : undefined,
        );
      }
      return out.NextToken;
    });
    return statuses;
  }

  #source(sources: Map<string, SourceData>, accountId: string, region: string) {
    const key = `${accountId}/${region}`;
    let data = sources.get(key);
    if (!data) {
      data = {
        resources: new Map(),
        evaluations: new Map(),
        rules: [],
        packs: [],
      };
      sources.set(key, data);
    }
    return data;
  }

  async #readFull(
    client: ConfigServiceClient,
    signal?: AbortSignal,
  ): Promise<Map<string, SourceData>> {
    const sources = new Map<string, SourceData>();
    await this.#select(client, TAGGED_RESOURCES_QUERY, signal, line => {
      const row = JSON.parse(line) as {
        accountId?: string;
        awsRegion?: string;
      };
      if (!row.accountId || !row.awsRegion) return;
      const target = { accountId: row.accountId, region: row.awsRegion };
      const resource = parseResourceRow(line, target);
      if (resource) {
        this.#source(sources, target.accountId, target.region).resources.set(
          resourceKey(resource.resourceType, resource.resourceId),
          resource,
        );
      }
    });
    await this.#select(client, ALL_COMPLIANCE_QUERY, signal, line =>
      this.#applyComplianceRow(sources, line),
    );

    const rulesOp = 'DescribeAggregateComplianceByConfigRules';
    await paginate(rulesOp, signal, async NextToken => {
      const out = await send(
        rulesOp,
        () =>
          client.send(
            new DescribeAggregateComplianceByConfigRulesCommand({
              ConfigurationAggregatorName: this.#location.name,
              Limit: 1000,
              NextToken,
            }),
            { abortSignal: signal },
          ),
        signal,
      );
      for (const r of list(
        out.AggregateComplianceByConfigRules,
        rulesOp,
        'Rules',
      )) {
        if (!r.ConfigRuleName || !r.AccountId || !r.AwsRegion) continue;
        // Aggregate results name the rule only; rules map to controls by
        // name (managed identifier or control id in the name).
        this.#source(sources, r.AccountId, r.AwsRegion).rules.push({
          name: r.ConfigRuleName,
          compliance: r.Compliance?.ComplianceType,
        });
      }
      return out.NextToken;
    });

    const packsOp = 'DescribeAggregateComplianceByConformancePacks';
    await paginate(packsOp, signal, async NextToken => {
      const out = await send(
        packsOp,
        () =>
          client.send(
            new DescribeAggregateComplianceByConformancePacksCommand({
              ConfigurationAggregatorName: this.#location.name,
              Limit: 100,
              NextToken,
            }),
            { abortSignal: signal },
          ),
        signal,
      );
      for (const p of list(
        out.AggregateComplianceByConformancePacks,
        packsOp,
        'Packs',
      )) {
        if (!p.ConformancePackName || !p.AccountId || !p.AwsRegion) continue;
        this.#source(sources, p.AccountId, p.AwsRegion).packs.push(
          p.ConformancePackName,
        );
      }
      return out.NextToken;
    });
    await this.#readAnnotations(client, sources, signal);
    return sources;
  }

  /**
   * The annotations of the failing results (the ResourceCompliance items
   * carry none; a finding shows why it fails): one
   * GetAggregateComplianceDetailsByConfigRule (NON_COMPLIANT, 100 a page)
   * per account, Region and rule that fails a tagged resource, 4 at once.
   */
  async #readAnnotations(
    client: ConfigServiceClient,
    sources: Map<string, SourceData>,
    signal?: AbortSignal,
  ): Promise<void> {
    const op = 'GetAggregateComplianceDetailsByConfigRule';
    const semaphore = new Semaphore(4);
    const jobs: Array<Promise<void>> = [];
    for (const [key, data] of sources) {
      const [accountId, region] = key.split('/');
      const failingRules = new Set<string>();
      for (const k of data.resources.keys()) {
        for (const e of data.evaluations.get(k)?.values() ?? []) {
          if (e.compliance === 'NON_COMPLIANT') failingRules.add(e.ruleName);
        }
      }
      for (const ruleName of failingRules) {
        jobs.push(
          semaphore.run(() =>
            paginate(op, signal, async NextToken => {
              const out = await send(
                op,
                () =>
                  client.send(
                    new GetAggregateComplianceDetailsByConfigRuleCommand({
                      ConfigurationAggregatorName: this.#location.name,
                      ConfigRuleName: ruleName,
                      AccountId: accountId,
                      AwsRegion: region,
                      ComplianceType: 'NON_COMPLIANT',
                      Limit: 100,
                      NextToken,
                    }),
                    { abortSignal: signal },
                  ),
                signal,
              );
              for (const result of list(
                out.AggregateEvaluationResults,
                op,
                'AggregateEvaluationResults',
              )) {
                const q =
                  result.EvaluationResultIdentifier?.EvaluationResultQualifier;
                if (!q?.ResourceType || !q.ResourceId || !result.Annotation)
                  continue;
                const e = data.evaluations
                  .get(resourceKey(q.ResourceType, q.ResourceId))
                  ?.get(ruleName);
                // Only a result the compliance items also call failing.
                if (e?.compliance === 'NON_COMPLIANT')
                  e.annotation = result.Annotation;
              }
              return out.NextToken;
            }),
          ),
        );
      }
    }
    // Every job settles before the first failure is thrown.
    const settled = await Promise.allSettled(jobs);
    const failed = settled.find(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    if (failed) throw failed.reason;
  }

  #applyComplianceRow(sources: Map<string, SourceData>, line: string): boolean {
    const source = JSON.parse(line) as {
      accountId?: string;
      awsRegion?: string;
    };
    if (!source.accountId || !source.awsRegion) return true;
    const row = parseComplianceRow(line);
    const data = this.#source(sources, source.accountId, source.awsRegion);
    const k = resourceKey(row.resourceType, row.resourceId);
    const known = new Set(data.rules.map(r => r.name));
    const allKnown = row.rules.every(entry => known.has(entry.ruleName));
    data.evaluations.set(k, evaluationsOfRow(row, data.evaluations.get(k)));
    return allKnown;
  }

  async #applyChanges(
    client: ConfigServiceClient,
    state: AggregatorState,
    signal?: AbortSignal,
  ): Promise<void> {
    let unknownRule = false;
    await this.#select(
      client,
      withSource(changedComplianceQuery(state.watermark)),
      signal,
      line => {
        if (!this.#applyComplianceRow(state.sources, line)) unknownRule = true;
      },
    );
    await this.#select(
      client,
      changedResourcesQuery(state.watermark),
      signal,
      line => {
        const row = JSON.parse(line) as {
          accountId?: string;
          awsRegion?: string;
          resourceType: string;
          resourceId: string;
        };
        if (!row.accountId || !row.awsRegion) return;
        const data = this.#source(state.sources, row.accountId, row.awsRegion);
        const resource = parseResourceRow(line, {
          accountId: row.accountId,
          region: row.awsRegion,
        });
        const k = resourceKey(row.resourceType, row.resourceId);
        if (resource) data.resources.set(k, resource);
        else data.resources.delete(k);
      },
    );
    if (unknownRule) {
      // A rule deployed since the last full read: reconcile at once.
      state.sources = await this.#readFull(client, signal);
    }
  }

  async #select(
    client: ConfigServiceClient,
    expression: string,
    signal: AbortSignal | undefined,
    onRow: (line: string) => void,
  ): Promise<void> {
    const op = 'SelectAggregateResourceConfig';
    await paginate(op, signal, async NextToken => {
      const out = await send(
        op,
        () =>
          client.send(
            new SelectAggregateResourceConfigCommand({
              ConfigurationAggregatorName: this.#location.name,
              Expression: expression,
              Limit: 100,
              NextToken,
            }),
            { abortSignal: signal },
          ),
        signal,
      );
      for (const line of list(out.Results, op, 'Results')) onRow(line);
      return out.NextToken;
    });
  }
}

function decodeAggregatorState(
  data: Buffer,
): Pick<AggregatorState, 'sources' | 'fullSources' | 'watermark' | 'fullAt'> {
  const body = decodeReaderState(data, 'aggregator');
  if (!isFiniteNumber(body.watermark) || !isFiniteNumber(body.fullAt)) {
    throw new ReaderStateError('invalid watermark');
  }
  if (!Array.isArray(body.sources))
    throw new ReaderStateError('invalid sources');
  const sources = new Map<string, SourceData>();
  for (const entry of body.sources as unknown[]) {
    const [key, config] = Array.isArray(entry) ? entry : [];
    const [accountId, region] = typeof key === 'string' ? key.split('/') : [];
    if (!accountId || !region) throw new ReaderStateError('invalid source');
    const kept = decodeConfig(config, { accountId, region });
    sources.set(key, { ...kept, packs: kept.conformancePacks });
  }
  if (
    body.fullSources !== undefined &&
    !(
      Array.isArray(body.fullSources) &&
      body.fullSources.every(key => typeof key === 'string')
    )
  ) {
    throw new ReaderStateError('invalid fullSources');
  }
  // A state written before `fullSources` was kept: the sources it holds.
  const fullSources = new Set<string>(
    (body.fullSources as string[] | undefined) ?? sources.keys(),
  );
  return {
    sources,
    fullSources,
    watermark: body.watermark,
    fullAt: body.fullAt,
  };
}
