import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  Control,
  ControlFamily,
  findControl,
  PBC_ANNOTATION,
} from '@pbc-portal/pbc-domain';
import {
  Exemption,
  HealthResponse,
  PbcDetail,
  PbcIdentityConflict,
  PbcIdentityConflictsResponse,
  PbcListQuery,
  PbcListResponse,
  PbcSummary,
  RefreshAccepted,
  RefreshFailure,
  RefreshStatus,
  TeamDetail,
  TeamListResponse,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { ComplianceReader } from '../aws/types';
import { ComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { PbcTarget } from '../domain/pbcs';
import { Clock, systemClock } from '../util/clock';
import { exemptDetail, exemptSummary } from '../exemptions/overlay';
import { pbcCsv } from './csv';
import { CurrentSnapshot } from './CurrentSnapshot';
import { DetailAssembler } from './DetailAssembler';
import { allows, PbcAccess } from './PbcAccess';
import { queryPbcs } from './PbcQueryEngine';
import { ReadModel, ReadModelEntry } from './readModel';
import { RefreshCoordinator, RefreshListener } from './RefreshCoordinator';
import { RefreshRunner } from './RefreshRunner';
import { ChangesSinceCompliant, changesSinceCompliant } from './sinceCompliant';
import { teamSummary } from './teams';

/**
 * The compliance dashboard's answers, composed of its parts: the refresh
 * coordinator (runs and records refreshes), the current snapshot's read
 * model, the query engine (list and CSV) and the detail assembler. The
 * router only validates, checks permissions and serialises.
 */
export class ComplianceService {
  readonly #store: ComplianceStore;
  readonly #config: ComplianceDashboardConfig;
  readonly #refreshes: RefreshCoordinator;
  readonly #snapshot: CurrentSnapshot;
  readonly #details: DetailAssembler;
  readonly #loadIdentityConflicts: () => Promise<PbcIdentityConflict[]>;
  readonly #now: Clock;
  readonly #exemptions?: ActiveExemptions;
  #exemptModel?: { key: string; model: ReadModel };

  constructor(options: {
    store: ComplianceStore;
    reader: ComplianceReader;
    config: ComplianceDashboardConfig;
    logger: LoggerService;
    loadPbcs: () => Promise<PbcTarget[]>;
    /** Catalog entities claiming a PBC's tag and account that the refresh does not read for. */
    loadIdentityConflicts?: () => Promise<PbcIdentityConflict[]>;
    scheduler?: SchedulerService;
    callCount?: () => number;
    now?: Clock;
    /** Approved exemptions, applied to every answer (none if absent). */
    exemptions?: ActiveExemptions;
  }) {
    const now = options.now ?? systemClock;
    this.#now = now;
    this.#store = options.store;
    this.#config = options.config;
    this.#exemptions = options.exemptions;
    this.#loadIdentityConflicts =
      options.loadIdentityConflicts ?? (async () => []);
    this.#details = new DetailAssembler({
      store: options.store,
      config: options.config,
      now,
    });
    this.#snapshot = new CurrentSnapshot({
      store: options.store,
      now,
      trendDays: options.config.trendDays,
      riskyEventDays: options.config.riskyEventDays,
      onChange: () => this.#details.clear(),
    });
    this.#refreshes = new RefreshCoordinator({
      store: options.store,
      runner: new RefreshRunner({
        store: options.store,
        reader: options.reader,
        config: options.config,
        logger: options.logger,
        loadPbcs: options.loadPbcs,
        callCount: options.callCount,
        now,
      }),
      config: options.config,
      logger: options.logger,
      scheduler: options.scheduler,
      now,
      onFinished: () => this.#snapshot.invalidate(),
    });
  }

  /** The plugin's store, for the history backfill task that writes past scores. */
  get store(): ComplianceStore {
    return this.#store;
  }

  /** The claims on PBC identities that are not believed, read live from the catalog. */
  async identityConflicts(): Promise<PbcIdentityConflictsResponse> {
    return { items: await this.#loadIdentityConflicts() };
  }

  // ------------------------------------------------------------ refresh

  /** The scheduled task's body (see RefreshCoordinator.runScheduled). */
  runScheduledRefresh(signal?: AbortSignal): Promise<RefreshStatus[]> {
    return this.#refreshes.runScheduled(signal);
  }

  /** Calls `listener` after each refresh that wrote a snapshot (see RefreshCoordinator). */
  onRefreshCompleted(listener: RefreshListener): void {
    this.#refreshes.onCompleted(listener);
  }

  /** Queues a refresh and asks the scheduler to run the task now. */
  /** Risky events pushed in were counted into the current snapshot: read it again. */
  pushedEventsRecorded(): void {
    this.#snapshot.reload();
  }

  requestRefresh(): Promise<RefreshAccepted> {
    return this.#refreshes.request();
  }

  /** A refresh, with only the accounts the caller may read PBCs in. */
  async getRefresh(id: string, access: PbcAccess): Promise<RefreshStatus> {
    const refresh = await this.#refreshes.get(id);
    return onlyAccounts(refresh, await this.#accountsVisibleTo(access));
  }

  /**
   * Freshness for the page: the snapshot, the last and active refresh, the
   * latest failure and the accounts that could not be read, limited to the
   * accounts the caller may read PBCs in (their errors included).
   */
  async status(access: PbcAccess): Promise<HealthResponse> {
    const model = await this.#snapshot.model();
    const [lastRefresh, activeRefresh, accounts, visible] = await Promise.all([
      this.#store.getLatestFinishedRefresh(),
      this.#store.getActiveRefresh(),
      this.#store.listAccountStatus(),
      this.#accountsVisibleTo(access),
    ]);
    const lastFailure = this.#snapshot.failureAfter(model?.snapshot.createdAt);
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
      ...(lastRefresh
        ? { lastRefresh: onlyAccounts(lastRefresh, visible) }
        : {}),
      ...(lastFailure ? { lastFailure } : {}),
      ...(activeRefresh
        ? { activeRefresh: onlyAccounts(activeRefresh, visible) }
        : {}),
      staleAccounts,
    };
  }

  /** The AWS accounts of the PBCs the caller may read, in the current snapshot. */
  async #accountsVisibleTo(access: PbcAccess): Promise<Set<string> | 'all'> {
    const model = await this.#snapshot.model();
    if (!model) {
      // No PBCs yet: only an unconditional reader sees accounts.
      return (await access.allowedRefs([])) === 'all' ? 'all' : new Set();
    }
    const allowed = await access.allowedRefs(model.pbcs.map(p => p.summary));
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
    const matching = await queryPbcs(model, query, access);
    const failure = this.#snapshot.failureAfter(model.snapshot.createdAt);
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

  /** The list's query (without paging) as CSV. */
  async exportCsv(query: PbcListQuery, access: PbcAccess): Promise<string> {
    const model = await this.#currentModel();
    const rows = model
      ? (await queryPbcs(model, query, access)).map(p => p.summary)
      : [];
    return pbcCsv(rows);
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
    const model = await this.#snapshot.model();
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
    const model = await this.#snapshot.model();
    if (!model || !model.byRef.has(entityRef)) {
      throw new NotFoundError(
        `No compliance data for '${entityRef}': it is not a PBC the dashboard knows (annotation ${PBC_ANNOTATION}) or no refresh has run yet`,
      );
    }
    const detail = this.#exemptions
      ? exemptDetail(
          await this.#details.get(model, entityRef),
          await this.#exemptions.active(),
          this.#exemptions.countTowardsScore,
        )
      : await this.#details.get(model, entityRef);
    const failure = this.#snapshot.failureAfter(model.snapshot.createdAt);
    return failure
      ? { ...detail, summary: withFailure(detail.summary, failure) }
      : detail;
  }

  /**
   * The PBCs the caller may read whose current snapshot fails the control,
   * worst score first. An id the controls catalog does not know is not found.
   */
  async pbcsFailingControl(
    controlId: string,
    access: PbcAccess,
  ): Promise<{ control: Control; pbcs: PbcSummary[] }> {
    const control = findControl(controlId.trim().toUpperCase());
    if (!control) {
      throw new NotFoundError(
        `No control '${controlId}' in the controls catalog (ids look like PBC-MSG-01)`,
      );
    }
    const model = await this.#snapshot.model();
    if (!model) return { control, pbcs: [] };
    const failing = model.pbcs.filter(p => p.failingControlIds.has(control.id));
    const allowed = await access.allowedRefs(failing.map(p => p.summary));
    const pbcs = failing
      .filter(p => allows(allowed, p.summary.entityRef))
      .map(p => p.summary)
      .sort(
        (a, b) =>
          (a.score ?? 101) - (b.score ?? 101) ||
          a.entityRef.localeCompare(b.entityRef),
      );
    return { control, pbcs };
  }

  /** Risky CloudTrail events of a PBC since its last day with a score of 100. */
  async changesSinceCompliant(
    entityRef: string,
  ): Promise<ChangesSinceCompliant> {
    const { summary } = await this.getPbc(entityRef);
    return changesSinceCompliant({
      store: this.#store,
      entityRef,
      currentScore: summary.score,
      retentionDays: this.#config.retentionDays,
      now: this.#now,
    });
  }

  /** The control ids of a PBC in the current snapshot; undefined if unknown. */
  async controlIdsOf(entityRef: string): Promise<string[] | undefined> {
    const model = await this.#snapshot.model();
    if (!model || !model.byRef.has(entityRef)) return undefined;
    const detail = await this.#details.get(model, entityRef);
    return detail.controls.map(c => c.controlId);
  }

  /**
   * The current snapshot's read model with the approved exemptions in force
   * now applied to the PBCs they concern (their own sort orders), kept while
   * the same exemptions are in force on the same snapshot.
   */
  async #currentModel(): Promise<ReadModel | undefined> {
    const model = await this.#snapshot.model();
    if (!model || !this.#exemptions) return model;
    const active = (await this.#exemptions.active()).filter(e =>
      model.byRef.has(e.entityRef),
    );
    if (active.length === 0) return model;
    const key = `${model.snapshot.id}|${active
      .map(e => `${e.id}@${e.expiresAt}`)
      .join(',')}`;
    if (this.#exemptModel?.key === key) return this.#exemptModel.model;
    const affected = new Set(active.map(e => e.entityRef));
    const pbcs: ReadModelEntry[] = [];
    for (const entry of model.pbcs) {
      if (!affected.has(entry.summary.entityRef)) {
        pbcs.push(entry);
        continue;
      }
      const detail = exemptDetail(
        await this.#details.get(model, entry.summary.entityRef),
        active,
        this.#exemptions.countTowardsScore,
      );
      const summary = exemptSummary(
        entry.summary,
        detail.controls,
        active.filter(e => e.entityRef === entry.summary.entityRef),
        this.#exemptions.countTowardsScore,
      );
      pbcs.push({
        ...entry,
        summary,
        failingFamilies: new Set(
          Object.entries(summary.failingByFamily)
            .filter(([, n]) => n > 0)
            .map(([f]) => f as ControlFamily),
        ),
      });
    }
    const exempted: ReadModel = {
      ...model,
      pbcs,
      byRef: new Map(pbcs.map(p => [p.summary.entityRef, p])),
      sorted: new Map(),
    };
    this.#exemptModel = { key, model: exempted };
    return exempted;
  }

  async listTeams(access: PbcAccess): Promise<TeamListResponse> {
    const model = await this.#currentModel();
    if (!model) return { items: [] };
    const allowed = await access.allowedRefs(model.pbcs.map(p => p.summary));
    const byTeam = new Map<string, PbcSummary[]>();
    for (const { summary } of model.pbcs) {
      if (!allows(allowed, summary.entityRef)) continue;
      const team = summary.owner ?? 'unowned';
      byTeam.set(team, [...(byTeam.get(team) ?? []), summary]);
    }
    return {
      items: [...byTeam]
        .map(([team, pbcs]) =>
          teamSummary(team, pbcs, this.#config.riskyEventDays),
        )
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
    const allowed = await access.allowedRefs(owned.map(p => p.summary));
    const failure = this.#snapshot.failureAfter(model.snapshot.createdAt);
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
}

/** What the answers need of exemptions: the approved ones in force now. */
export interface ActiveExemptions {
  active(): Promise<Exemption[]>;
  countTowardsScore: boolean;
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
