import { randomUUID } from 'node:crypto';
import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Control,
  findControl,
  guidanceUrl,
  SEVERITIES,
} from '@pbc-portal/pbc-domain';
import {
  ControlResult,
  emptySeverityCounts,
  HealthResponse,
  PBC_ANNOTATION,
  PbcDetail,
  PbcListQuery,
  PbcListResponse,
  PbcSummary,
  RefreshAccepted,
  RefreshFailure,
  RefreshStatus,
  RiskyEvent,
  TeamDetail,
  TeamListResponse,
  TeamSummary,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { ComplianceReader } from '../aws/types';
import { ComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { PbcTarget, toPbcTarget } from '../domain/pbcs';
import {
  controlText,
  StoredControlResult,
  StoredControlText,
} from '../domain/results';
import { csvRow } from './csv';
import { configConsoleUrl } from './links';
import {
  dayString,
  loadReadModel,
  ReadModel,
  ReadModelEntry,
  toSummary,
} from './readModel';
import { RefreshRunner } from './RefreshRunner';
import { describeRefreshError } from './refreshErrors';

/** Id of the scheduled refresh task (global: one run per interval per cluster). */
export const REFRESH_TASK_ID = 'compliance-dashboard-refresh';

/**
 * Decides which PBCs the caller may read; built per request by the router
 * from the permission decision.
 */
export interface PbcAccess {
  /**
   * Set when the answer depends only on the decision and the entities (not
   * on a call per PBC): the service then computes it once per snapshot.
   */
  cacheKey?: string;
  /** `all` when the decision needs no look at the PBCs (an ALLOW). */
  allowedRefs(
    pbcs: Array<{ entityRef: string; entity: Entity }>,
  ): Promise<Set<string> | 'all'>;
}

const allows = (allowed: Set<string> | 'all', entityRef: string) =>
  allowed === 'all' || allowed.has(entityRef);

// Another replica may have flipped the pointer; look at most this often.
const POINTER_CHECK_MS = 2000;
// Details of the current snapshot only change with the clock (the risky
// event window); keep the most read ones briefly.
const DETAIL_CACHE_SIZE = 500;
const DETAIL_CACHE_TTL_MS = 60_000;
const MAX_RUNS_PER_INVOCATION = 3;

/**
 * The compliance dashboard's logic: runs refreshes and answers the routes'
 * questions from the current snapshot. The router only validates, checks
 * permissions and serialises.
 */
export class ComplianceService {
  readonly #store: ComplianceStore;
  readonly #config: ComplianceDashboardConfig;
  readonly #logger: LoggerService;
  readonly #scheduler?: SchedulerService;
  readonly #runner: RefreshRunner;
  readonly #now: () => Date;
  #model?: { id: number; model: ReadModel };
  #modelLoading?: Promise<ReadModel | undefined>;
  #pointer?: {
    id: number | undefined;
    failure: RefreshStatus | undefined;
    checkedAt: number;
  };
  readonly #details = new Map<string, { at: number; detail: PbcDetail }>();

  constructor(options: {
    store: ComplianceStore;
    reader: ComplianceReader;
    config: ComplianceDashboardConfig;
    logger: LoggerService;
    loadPbcs: () => Promise<PbcTarget[]>;
    scheduler?: SchedulerService;
    callCount?: () => number;
    now?: () => Date;
  }) {
    this.#store = options.store;
    this.#config = options.config;
    this.#logger = options.logger;
    this.#scheduler = options.scheduler;
    this.#now = options.now ?? (() => new Date());
    this.#runner = new RefreshRunner({
      store: options.store,
      reader: options.reader,
      config: options.config,
      logger: options.logger,
      loadPbcs: options.loadPbcs,
      callCount: options.callCount,
    });
  }

  get store(): ComplianceStore {
    return this.#store;
  }

  // ------------------------------------------------------------ refresh

  /**
   * The scheduled task's body. The scheduler's global lock makes it the only
   * run in the cluster, so anything still marked running was interrupted.
   * Serves every queued request, and runs again (a few times at most) if
   * more were queued meanwhile.
   */
  async runScheduledRefresh(signal?: AbortSignal): Promise<RefreshStatus[]> {
    await this.#store.failInterruptedRefreshes(this.#now());
    const results: RefreshStatus[] = [];
    for (let run = 0; run < MAX_RUNS_PER_INVOCATION; run++) {
      const queued = await this.#store.claimQueuedRefreshes(this.#now());
      if (run > 0 && queued.length === 0) break;
      let ids = queued;
      if (ids.length === 0) {
        const id = randomUUID();
        await this.#store.createRefresh({
          id,
          trigger: 'schedule',
          state: 'running',
          now: this.#now(),
        });
        ids = [id];
      }
      results.push(await this.#runOnce(ids, signal));
    }
    await this.#cleanup();
    return results;
  }

  async #runOnce(ids: string[], signal?: AbortSignal): Promise<RefreshStatus> {
    try {
      await this.#runner.run({ refreshIds: ids, signal, now: this.#now });
      this.#pointer = undefined;
    } catch (error) {
      const message = describeRefreshError(error);
      // The log keeps the raw error (SQL included); readers get the message.
      this.#logger.error(
        `Compliance refresh ${ids[0]} failed; the previous snapshot stays current: ${message}`,
        error instanceof Error ? error : undefined,
      );
      this.#pointer = undefined;
      await this.#store
        .finishRefresh(ids, {
          state: 'failed',
          now: this.#now(),
          error: message.slice(0, 1000),
        })
        .catch(e => this.#logger.error(`Could not record the failure: ${e}`));
      if (signal?.aborted) {
        throw error;
      }
    }
    return (await this.#store.getRefresh(ids[0]))!;
  }

  async #cleanup() {
    try {
      await this.#store.cleanup({
        now: this.#now(),
        retentionDays: this.#config.retentionDays,
        snapshotsToKeep: this.#config.snapshotsToKeep,
      });
    } catch (error) {
      this.#logger.warn(`Compliance retention cleanup failed: ${error}`);
    }
  }

  /** Queues a refresh and asks the scheduler to run the task now. */
  async requestRefresh(): Promise<RefreshAccepted> {
    const id = randomUUID();
    await this.#store.createRefresh({
      id,
      trigger: 'manual',
      state: 'queued',
      now: this.#now(),
    });
    if (this.#scheduler) {
      // Not awaited: a test scheduler runs the task inside triggerTask. A
      // conflict (already running) is fine: the run picks the request up
      // when it finishes.
      this.#scheduler.triggerTask(REFRESH_TASK_ID).catch(error => {
        this.#logger.info(
          `Refresh ${id} queued; the task could not be triggered now (${error}); it runs at the next opportunity`,
        );
      });
    }
    return { id, state: 'queued', statusPath: `/refresh/${id}` };
  }

  /** A refresh, with only the accounts the caller may read PBCs in. */
  async getRefresh(id: string, access: PbcAccess): Promise<RefreshStatus> {
    const refresh = await this.#store.getRefresh(id);
    if (!refresh) {
      throw new NotFoundError(`No refresh with id '${id}'`);
    }
    return onlyAccounts(refresh, await this.#accountsVisibleTo(access));
  }

  /**
   * Freshness for the page: the snapshot, the last and active refresh, the
   * latest failure and the accounts that could not be read, limited to the
   * accounts the caller may read PBCs in (their errors included).
   */
  async status(access: PbcAccess): Promise<HealthResponse> {
    const model = await this.#currentModel();
    const [lastRefresh, activeRefresh, accounts, visible] = await Promise.all([
      this.#store.getLatestFinishedRefresh(),
      this.#store.getActiveRefresh(),
      this.#store.listAccountStatus(),
      this.#accountsVisibleTo(access),
    ]);
    const lastFailure = this.#failureAfter(model?.snapshot.createdAt);
    const staleAccounts = accounts
      .filter(a => a.state === 'failed')
      .filter(a => visible === 'all' || visible.has(a.accountId))
      .map(a => ({
        accountId: a.accountId,
        region: a.region,
        error: a.error ?? 'unknown error',
        since: a.failingSince ?? '',
        ...(a.lastSuccessAt ? { lastSuccessAt: a.lastSuccessAt } : {}),
      }));
    let status: HealthResponse['status'] = 'ok';
    if (!model) status = 'empty';
    else if (staleAccounts.length > 0 || lastFailure) status = 'degraded';
    return {
      status,
      ...(model ? { snapshot: model.snapshot } : {}),
      ...(lastRefresh ? { lastRefresh: onlyAccounts(lastRefresh, visible) } : {}),
      ...(lastFailure ? { lastFailure } : {}),
      ...(activeRefresh
        ? { activeRefresh: onlyAccounts(activeRefresh, visible) }
        : {}),
      staleAccounts,
    };
  }

  /** The AWS accounts of the PBCs the caller may read, in the current snapshot. */
  async #accountsVisibleTo(access: PbcAccess): Promise<Set<string> | 'all'> {
    const model = await this.#currentModel();
    if (!model) {
      // No PBCs yet: only an unconditional reader sees accounts.
      return (await access.allowedRefs([])) === 'all' ? 'all' : new Set();
    }
    const allowed = await this.#allowed(model, access, model.pbcs);
    if (allowed === 'all') return 'all';
    return new Set(
      model.pbcs
        .filter(p => allowed.has(p.summary.entityRef))
        .map(p => p.summary.awsAccountId),
    );
  }

  // ------------------------------------------------------------ reads

  async listPbcs(
    query: PbcListQuery,
    access: PbcAccess,
  ): Promise<PbcListResponse> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const model = await this.#currentModel();
    if (!model) {
      return { items: [], totalCount: 0, offset, limit };
    }
    const matching = await this.#matching(model, query, access);
    const failure = this.#failureAfter(model.snapshot.createdAt);
    return {
      items: matching
        .slice(offset, offset + limit)
        .map(p => withFailure(p.summary, failure)),
      totalCount: matching.length,
      offset,
      limit,
      snapshot: model.snapshot,
    };
  }

  async exportCsv(query: PbcListQuery, access: PbcAccess): Promise<string> {
    const model = await this.#currentModel();
    const rows = model
      ? (await this.#matching(model, query, access)).map(p => p.summary)
      : [];
    let out = csvRow([
      'entityRef',
      'title',
      'pbc',
      'owner',
      'system',
      'awsAccountId',
      'awsRegion',
      'score',
      'failingCritical',
      'failingHigh',
      'failingMedium',
      'failingLow',
      'passingControls',
      'insufficientDataControls',
      'riskyEvents',
      'riskyEventDays',
      'stale',
      'staleReason',
      'dataAsOf',
      'lastRefreshAt',
    ]);
    for (const s of rows) {
      out += csvRow([
        s.entityRef,
        s.title,
        s.pbc,
        s.owner,
        s.system,
        s.awsAccountId,
        s.awsRegion,
        s.score,
        s.failingControls.critical,
        s.failingControls.high,
        s.failingControls.medium,
        s.failingControls.low,
        s.passingControlCount,
        s.insufficientDataControlCount,
        s.riskyEvents,
        s.riskyEventDays,
        s.staleness.stale,
        s.staleness.reason,
        s.dataAsOf,
        s.lastRefreshAt,
      ]);
    }
    return out;
  }

  /**
   * The entity ref of a PBC in the current snapshot, by namespace and name
   * (and kind, when given; a Component wins if names collide across kinds).
   */
  async resolvePbcRef(ref: {
    kind?: string;
    namespace: string;
    name: string;
  }): Promise<string> {
    const model = await this.#currentModel();
    const candidates = (model?.pbcs ?? [])
      .map(p => p.summary)
      .filter(
        s =>
          s.namespace.toLocaleLowerCase('en-US') ===
            ref.namespace.toLocaleLowerCase('en-US') &&
          s.name.toLocaleLowerCase('en-US') ===
            ref.name.toLocaleLowerCase('en-US') &&
          (!ref.kind ||
            s.kind.toLocaleLowerCase('en-US') ===
              ref.kind.toLocaleLowerCase('en-US')),
      )
      .sort(
        (a, b) =>
          Number(b.kind.toLowerCase() === 'component') -
          Number(a.kind.toLowerCase() === 'component'),
      );
    if (candidates.length === 0) {
      const shown = `${ref.kind ? `${ref.kind}:` : ''}${ref.namespace}/${
        ref.name
      }`;
      throw new NotFoundError(
        model
          ? `No PBC '${shown}': no entity with annotation ${PBC_ANNOTATION} has this name`
          : `No PBC '${shown}': no refresh has finished yet`,
      );
    }
    return candidates[0].entityRef;
  }

  async getPbc(entityRef: string): Promise<PbcDetail> {
    const model = await this.#currentModel();
    const entry = model?.byRef.get(entityRef);
    if (!model || !entry) {
      throw new NotFoundError(
        `No compliance data for '${entityRef}': it is not a PBC the dashboard knows (annotation ${PBC_ANNOTATION}) or no refresh has run yet`,
      );
    }
    const key = `${model.snapshot.id}|${entityRef}`;
    const failure = this.#failureAfter(model.snapshot.createdAt);
    const cached = this.#details.get(key);
    if (cached && Date.now() - cached.at < DETAIL_CACHE_TTL_MS) {
      return withDetailFailure(cached.detail, failure);
    }
    const detail = await this.#loadDetail(model, entityRef);
    this.#details.delete(key);
    this.#details.set(key, { at: Date.now(), detail });
    if (this.#details.size > DETAIL_CACHE_SIZE) {
      // Map iteration order is insertion order: the first is the oldest.
      this.#details.delete(this.#details.keys().next().value!);
    }
    return withDetailFailure(detail, failure);
  }

  async #loadDetail(model: ReadModel, entityRef: string): Promise<PbcDetail> {
    const now = this.#now();
    const [row, nonCompliant, events, historyByRef] = await Promise.all([
      this.#store.getPbcRow(model.snapshot.id, entityRef),
      this.#store.listNonCompliant(model.snapshot.id, entityRef),
      this.#store.listRiskyEvents(
        entityRef,
        new Date(now.getTime() - this.#config.riskyEventDays * 86400000),
        500,
      ),
      this.#store.listScoreHistory(
        dayString(
          new Date(now.getTime() - this.#config.retentionDays * 86400000),
        ),
        entityRef,
      ),
    ]);
    if (!row) {
      throw new NotFoundError(`No compliance data for '${entityRef}'`);
    }
    const controls: ControlResult[] = (row.controls ?? [])
      .flatMap(stored => {
        const text = storedText(stored);
        if (!text) {
          // Only in a snapshot written before the text was stored, for a
          // control retired since: nothing left to show it with.
          return [];
        }
        return [
          {
            controlId: stored.id,
            title: text.title,
            family: text.family,
            severity: text.severity,
            level: text.level,
            scope: text.scope,
            status: stored.status,
            compliantResourceCount: stored.compliant,
            nonCompliantResourceCount: stored.nonCompliant,
            configRules: stored.rules,
            remediation: text.remediation,
            guidance: text.guidance,
            // The link is built from the stored article; only the base URL
            // is today's configuration.
            guidanceUrl: guidanceUrl(
              { guidance: text.guidance } as Control,
              this.#config.guidanceBaseUrl,
            ),
          },
        ];
      })
      .sort(
        (a, b) =>
          statusRank(a.status) - statusRank(b.status) ||
          SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
          a.controlId.localeCompare(b.controlId),
      );
    const history = historyByRef.get(entityRef) ?? [];
    return {
      summary: toSummary(
        row,
        model.snapshot,
        history.slice(-this.#config.trendDays),
        this.#config.riskyEventDays,
      ),
      controls,
      nonCompliantResources: nonCompliant.map(n => ({
        resourceId: n.resourceId,
        resourceType: n.resourceType,
        ...(n.resourceName ? { resourceName: n.resourceName } : {}),
        ...(n.arn ? { arn: n.arn } : {}),
        awsAccountId: n.accountId,
        awsRegion: n.region,
        configRuleName: n.configRuleName,
        controlIds: n.controlIds,
        ...(n.annotation ? { annotation: n.annotation } : {}),
        ...(n.evaluatedAt ? { evaluatedAt: n.evaluatedAt } : {}),
        consoleUrl: configConsoleUrl(n),
      })),
      riskyEvents: events.map(
        (e): RiskyEvent => ({
          eventId: e.eventId,
          eventTime: e.eventTime,
          eventName: e.eventName,
          eventSource: e.eventSource,
          awsAccountId: e.accountId,
          awsRegion: e.region,
          ...(e.principal ? { principal: e.principal } : {}),
          ...(e.sourceIpAddress ? { sourceIpAddress: e.sourceIpAddress } : {}),
          severity: e.severity,
          reasons: e.reasons,
          resources: e.resources,
          pbcs: e.pbcs,
        }),
      ),
      scoreHistory: history,
    };
  }

  async listTeams(access: PbcAccess): Promise<TeamListResponse> {
    const model = await this.#currentModel();
    if (!model) return { items: [] };
    const visible = await this.#visible(model, access);
    const byTeam = new Map<string, PbcSummary[]>();
    for (const s of visible) {
      const team = s.owner ?? 'unowned';
      byTeam.set(team, [...(byTeam.get(team) ?? []), s]);
    }
    return {
      items: [...byTeam]
        .map(([team, pbcs]) => teamSummary(team, pbcs, this.#config.riskyEventDays))
        .sort((a, b) => a.teamRef.localeCompare(b.teamRef)),
      snapshot: model.snapshot,
    };
  }

  /**
   * A team's roll-up of the PBCs the caller may read. A team that owns none
   * of those is not found, whether it owns PBCs or not: the answer does not
   * tell a caller which teams exist.
   */
  async getTeam(teamRef: string, access: PbcAccess): Promise<TeamDetail> {
    const model = await this.#currentModel();
    const owned = model?.pbcs.filter(p => p.summary.owner === teamRef) ?? [];
    const notFound = new NotFoundError(
      `No PBC owned by '${teamRef}' that you may read`,
    );
    if (!model || owned.length === 0) {
      throw notFound;
    }
    const allowed = await this.#allowed(model, access, owned);
    const failure = this.#failureAfter(model.snapshot.createdAt);
    const pbcs = owned
      .filter(p => allows(allowed, p.summary.entityRef))
      .map(p => withFailure(p.summary, failure))
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    if (pbcs.length === 0) {
      throw notFound;
    }
    return {
      summary: teamSummary(teamRef, pbcs, this.#config.riskyEventDays),
      pbcs,
      snapshot: model.snapshot,
    };
  }

  // ------------------------------------------------------------ helpers

  async #allowed(
    model: ReadModel,
    access: PbcAccess,
    subjects: ReadModelEntry[],
  ): Promise<Set<string> | 'all'> {
    if (access.cacheKey === undefined) {
      return access.allowedRefs(subjects.map(p => p.subject));
    }
    let allowed = model.allowed.get(access.cacheKey);
    if (!allowed) {
      allowed = await access.allowedRefs(model.pbcs.map(p => p.subject));
      if (model.allowed.size >= 100) model.allowed.clear();
      model.allowed.set(access.cacheKey, allowed);
    }
    return allowed;
  }

  async #visible(model: ReadModel, access: PbcAccess): Promise<PbcSummary[]> {
    const allowed = await this.#allowed(model, access, model.pbcs);
    return model.pbcs
      .filter(p => allows(allowed, p.summary.entityRef))
      .map(p => p.summary);
  }

  /** The PBCs matching the query that the caller may read, sorted. */
  async #matching(
    model: ReadModel,
    query: PbcListQuery,
    access: PbcAccess,
  ): Promise<ReadModelEntry[]> {
    const search = query.search?.trim().toLowerCase();
    // The model keeps each sort order once per snapshot: a request filters
    // an already sorted list instead of sorting thousands of PBCs.
    const sorted = sortedEntries(model, query);
    const unfiltered =
      !query.owner?.length &&
      !query.system?.length &&
      !query.severity?.length &&
      !query.family?.length &&
      query.stale === undefined &&
      !search;
    const candidates = unfiltered
      ? sorted
      : sorted.filter(compileFilter(query, search));
    const allowed = await this.#allowed(model, access, candidates);
    return allowed === 'all'
      ? candidates
      : candidates.filter(p => allowed.has(p.summary.entityRef));
  }

  /** The latest failed refresh, if it failed after `snapshotCreatedAt`. */
  #failureAfter(snapshotCreatedAt?: string): RefreshFailure | undefined {
    const failed = this.#pointer?.failure;
    if (!failed?.finishedAt) return undefined;
    if (snapshotCreatedAt && failed.finishedAt <= snapshotCreatedAt) {
      return undefined;
    }
    return {
      refreshId: failed.id,
      at: failed.finishedAt,
      message: failed.error ?? 'The refresh failed',
    };
  }

  async #currentModel(): Promise<ReadModel | undefined> {
    const nowMs = Date.now();
    if (!this.#pointer || nowMs - this.#pointer.checkedAt > POINTER_CHECK_MS) {
      const [id, failure] = await Promise.all([
        this.#store.getCurrentSnapshotId(),
        this.#store.getLatestFailedRefresh(),
      ]);
      this.#pointer = { id, failure, checkedAt: nowMs };
    }
    const id = this.#pointer.id;
    if (id === undefined) {
      return undefined;
    }
    if (this.#model?.id === id) {
      return this.#model.model;
    }
    if (!this.#modelLoading) {
      this.#modelLoading = loadReadModel(
        this.#store,
        id,
        this.#config.trendDays,
        this.#config.riskyEventDays,
        this.#now(),
      )
        .then(model => {
          if (model) {
            this.#model = { id, model };
            this.#details.clear();
          }
          return model;
        })
        .finally(() => {
          this.#modelLoading = undefined;
        });
    }
    return this.#modelLoading;
  }
}

/** The control's text as stored with the snapshot, or (older rows) from the catalog. */
function storedText(stored: StoredControlResult): StoredControlText | undefined {
  if (
    stored.title !== undefined &&
    stored.family !== undefined &&
    stored.severity !== undefined &&
    stored.level !== undefined &&
    stored.scope !== undefined &&
    stored.remediation !== undefined &&
    stored.guidance !== undefined
  ) {
    return stored as StoredControlText;
  }
  const control = findControl(stored.id);
  return control ? controlText(control) : undefined;
}

function onlyAccounts(
  refresh: RefreshStatus,
  visible: Set<string> | 'all',
): RefreshStatus {
  return visible === 'all'
    ? refresh
    : {
        ...refresh,
        accounts: refresh.accounts.filter(a => visible.has(a.accountId)),
      };
}

function withFailure(
  summary: PbcSummary,
  failure: RefreshFailure | undefined,
): PbcSummary {
  return failure ? { ...summary, lastRefreshFailure: failure } : summary;
}

function withDetailFailure(
  detail: PbcDetail,
  failure: RefreshFailure | undefined,
): PbcDetail {
  return failure
    ? { ...detail, summary: withFailure(detail.summary, failure) }
    : detail;
}

function statusRank(status: ControlResult['status']): number {
  return ['failing', 'insufficient-data', 'passing', 'not-applicable'].indexOf(
    status,
  );
}

/** The query's filters as one predicate, prepared once per request. */
function compileFilter(
  query: PbcListQuery,
  search: string | undefined,
): (entry: ReadModelEntry) => boolean {
  const owners = query.owner?.length
    ? new Set(query.owner.map(x => x.toLowerCase()))
    : undefined;
  const systems = query.system?.length
    ? new Set(query.system.map(x => x.toLowerCase()))
    : undefined;
  const severities = query.severity?.length ? query.severity : undefined;
  const families = query.family?.length ? query.family : undefined;
  const stale = query.stale;
  return entry => {
    const s = entry.summary;
    if (owners && !owners.has(s.owner ?? '')) return false;
    if (systems && !systems.has(s.system ?? '')) return false;
    if (severities && !severities.some(sev => s.failingControls[sev] > 0)) {
      return false;
    }
    if (families && !families.some(f => entry.failingFamilies.has(f))) {
      return false;
    }
    if (stale !== undefined && s.staleness.stale !== stale) return false;
    if (search && !entry.searchText.includes(search)) return false;
    return true;
  };
}

function sortedEntries(
  model: ReadModel,
  query: PbcListQuery,
): ReadModelEntry[] {
  const sort = query.sort ?? 'score';
  // Worst first by default for score; alphabetical for names.
  const defaultOrder = ['score', 'name', 'owner', 'system'].includes(sort)
    ? 'asc'
    : 'desc';
  const order = query.order ?? defaultOrder;
  const key = `${sort}:${order}`;
  const cached = model.sorted.get(key);
  if (cached) return cached;

  const direction = order === 'asc' ? 1 : -1;
  const failingWeight = (s: PbcSummary) =>
    s.failingControls.critical * 1e6 +
    s.failingControls.high * 1e4 +
    s.failingControls.medium * 1e2 +
    s.failingControls.low;
  const value = (s: PbcSummary): string | number => {
    switch (sort) {
      case 'name':
        return s.name;
      case 'owner':
        return s.owner ?? '';
      case 'system':
        return s.system ?? '';
      case 'failing':
        return failingWeight(s);
      case 'risky':
        return s.riskyEvents;
      case 'lastRefresh':
        return s.dataAsOf ?? '';
      default:
        // Unscored PBCs sort after the scored ones in either direction.
        return s.score ?? (direction === 1 ? 101 : -1);
    }
  };
  const keyed = model.pbcs.map(entry => ({ entry, v: value(entry.summary) }));
  keyed.sort((a, b) => {
    const cmp =
      typeof a.v === 'number' && typeof b.v === 'number'
        ? a.v - b.v
        : String(a.v).localeCompare(String(b.v));
    return (
      cmp * direction ||
      a.entry.summary.entityRef.localeCompare(b.entry.summary.entityRef)
    );
  });
  const result = keyed.map(k => k.entry);
  model.sorted.set(key, result);
  return result;
}

function teamSummary(
  teamRef: string,
  pbcs: PbcSummary[],
  riskyEventDays: number,
): TeamSummary {
  const failing = emptySeverityCounts();
  let scoreSum = 0;
  let scored = 0;
  let risky = 0;
  let stale = 0;
  for (const p of pbcs) {
    for (const sev of SEVERITIES) failing[sev] += p.failingControls[sev];
    if (p.score !== null) {
      scoreSum += p.score;
      scored += 1;
    }
    risky += p.riskyEvents;
    if (p.staleness.stale) stale += 1;
  }
  return {
    teamRef,
    pbcCount: pbcs.length,
    score: scored === 0 ? null : Math.round(scoreSum / scored),
    failingControls: failing,
    riskyEvents: risky,
    riskyEventDays,
    stalePbcCount: stale,
  };
}

/** Reads the PBC entities from the catalog with the plugin's own credentials. */
export async function loadPbcsFromCatalog(
  catalog: CatalogService,
  auth: AuthService,
  logger: LoggerService,
): Promise<PbcTarget[]> {
  const credentials = await auth.getOwnServiceCredentials();
  const targets: PbcTarget[] = [];
  for await (const page of catalog.streamEntities(
    {
      filter: {
        [`metadata.annotations.${PBC_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
      },
    },
    { credentials },
  )) {
    for (const entity of page) {
      const result = toPbcTarget(entity);
      if (result.ok) {
        targets.push(result.target);
      } else {
        logger.warn(`Skipping ${result.entityRef}: ${result.reason}`);
      }
    }
  }
  return targets;
}
