import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  AccountRefreshStatus,
  RefreshState,
  RefreshStatus,
  RiskReason,
  SnapshotInfo,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { ControlFamily, findControl, Severity } from '@pbc-portal/pbc-domain';
import { ClassifiedEvent } from '../domain/events';
import { PbcTarget } from '../domain/pbcs';
import {
  FailingControl,
  failingControls,
  PbcComputedResult,
  StoredControlResult,
  StoredControlText,
  StoredNonCompliantResource,
} from '../domain/results';

const migrationsDir = resolvePackagePath(
  '@pbc-portal/plugin-compliance-dashboard-backend',
  'migrations',
);

// Rows per INSERT: well under SQLite's bound-parameter limit for our widest
// table (33 columns).
const CHUNK = 100;

/**
 * A PBC whose account could not be read, with the results the service
 * carries over from the previous snapshot (empty if it had none).
 */
export interface StalePbc extends PbcComputedResult {
  /** When the carried data was read from AWS; absent if there is none. */
  dataAsOf?: string;
  staleness: { accountId: string; region: string; reason: string };
}

export interface SnapshotWrite {
  refreshId: string;
  /** Refresh ids queued by POST /refresh that this run served. */
  servedRefreshIds: string[];
  now: Date;
  fresh: PbcComputedResult[];
  stale: StalePbc[];
  events: ClassifiedEvent[];
  watermarks: Array<{ accountId: string; region: string; watermark: Date }>;
  /** Every account and Region's outcome, kept with the refresh record. */
  accounts: AccountRefreshStatus[];
  /** The status rows to keep per account and Region (decided by the service). */
  accountStatus: AccountStatusRow[];
  /** True when some account or Region could not be read. */
  partial: boolean;
  /** What the served refreshes are marked as. */
  outcome: { state: RefreshState; error?: string };
  awsCalls?: number;
  /** Events since then count as a PBC's risky events (the service's window). */
  riskySince: Date;
  /**
   * The readers' state after this refresh's reads, kept with the snapshot
   * (version: the snapshot's id), so that the two never disagree.
   */
  readerStates?: ReaderStateWrite[];
}

/** A reader's kept state, opaque to the store. */
export interface ReaderStateWrite {
  scope: string;
  data: Buffer;
}

export interface StoredReaderState {
  version: number;
  data: Buffer;
}

/** A row of `pbc_results` as the read side uses it. */
export interface PbcRow {
  snapshotId: number;
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  pbc: string;
  owner?: string;
  system?: string;
  accountId: string;
  region: string;
  conformancePack: string;
  packDeployed: boolean;
  pciScope: boolean;
  score: number | null;
  failing: Record<Severity, number>;
  passingCount: number;
  failingCount: number;
  insufficientCount: number;
  riskyEvents: number;
  /** The failing controls' ids, in the order of the control results. */
  failingControlIds: string[];
  /** The family of each failing control, as stored with the snapshot. */
  failingFamilies: ControlFamily[];
  dataAsOf?: string;
  stale: boolean;
  staleReason?: string;
  staleAccount?: string;
  staleRegion?: string;
  controls?: StoredControlResult[];
}

export interface StoredEventRow {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  accountId: string;
  region: string;
  principal?: string;
  sourceIpAddress?: string;
  severity: Severity;
  reasons: RiskReason[];
  resources: string[];
  pbcs: string[];
}

export interface AccountStatusRow {
  accountId: string;
  region: string;
  state: 'ok' | 'failed';
  error?: string;
  failingSince?: string;
  lastSuccessAt?: string;
}

const iso = (d: Date) => d.toISOString();
const day = (d: Date) => d.toISOString().slice(0, 10);
const opt = <T>(v: T | null | undefined): T | undefined =>
  v === null ? undefined : v;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) {
    out.push(list.slice(i, i + size));
  }
  return out;
}

const PBC_LIST_COLUMNS = [
  'snapshot_id',
  'entity_ref',
  'kind',
  'namespace',
  'name',
  'title',
  'pbc',
  'owner',
  'system',
  'account_id',
  'region',
  'conformance_pack',
  'pack_deployed',
  'pci_scope',
  'score',
  'failing_critical',
  'failing_high',
  'failing_medium',
  'failing_low',
  'passing_count',
  'failing_count',
  'insufficient_count',
  'risky_events',
  'failing_controls',
  'data_as_of',
  'stale',
  'stale_reason',
  'stale_account',
  'stale_region',
];

/**
 * The plugin's database: snapshots written in one transaction each and served
 * through a pointer, CloudTrail events deduplicated by id, watermarks,
 * account status and refresh records. It stores what it is given: every
 * decision (windows, cutoffs, account status, outcomes) is the service's.
 */
export interface ComplianceStore {
  // Refresh records.
  createRefresh(row: {
    id: string;
    trigger: 'schedule' | 'manual';
    state: RefreshState;
    now: Date;
  }): Promise<void>;
  /** Marks refreshes left running by a process that died as failed. */
  failInterruptedRefreshes(now: Date): Promise<number>;
  /** Moves every queued refresh to running and returns their ids, oldest first. */
  claimQueuedRefreshes(now: Date): Promise<string[]>;
  updateRefreshProgress(
    ids: string[],
    accounts: AccountRefreshStatus[],
    now: Date,
  ): Promise<void>;
  finishRefresh(ids: string[], outcome: RefreshFinish): Promise<void>;
  getRefresh(id: string): Promise<RefreshStatus | undefined>;
  getLatestFinishedRefresh(): Promise<RefreshStatus | undefined>;
  getLatestFailedRefresh(): Promise<RefreshStatus | undefined>;
  getActiveRefresh(): Promise<RefreshStatus | undefined>;

  // Snapshots and what they hold.
  getWatermarks(): Promise<Map<string, Date>>;
  /**
   * Writes a snapshot and makes it current, all in one transaction: a
   * failure at any point leaves the previous snapshot current and nothing of
   * this one visible. Returns the new snapshot id.
   */
  writeSnapshot(write: SnapshotWrite): Promise<number>;
  getCurrentSnapshotId(): Promise<number | undefined>;
  /** scope → version of every kept reader state. */
  getReaderStateVersions(): Promise<Map<string, number>>;
  getReaderState(scope: string): Promise<StoredReaderState | undefined>;
  /** Risky events pushed in between refreshes, counted into the current snapshot; returns the entity refs updated. */
  addPushedEvents(
    events: ClassifiedEvent[],
    riskySince: Date,
    now: Date,
  ): Promise<string[]>;
  /** Entity refs with a daily score before `beforeDay` (history backfill). */
  entityRefsWithHistoryBefore(beforeDay: string): Promise<Set<string>>;
  /** Adds past daily scores where a day has none (history backfill). */
  addBackfilledScores(
    rows: Array<{ entityRef: string; day: string; score: number | null }>,
    snapshotId: number,
  ): Promise<void>;
  getSnapshot(id: number): Promise<SnapshotInfo | undefined>;
  listPbcRows(snapshotId: number): Promise<PbcRow[]>;
  getPbcRow(snapshotId: number, entityRef: string): Promise<PbcRow | undefined>;
  listNonCompliant(
    snapshotId: number,
    entityRef: string,
  ): Promise<StoredNonCompliantResource[]>;
  listRiskyEvents(
    entityRef: string,
    since: Date,
    limit: number,
  ): Promise<StoredEventRow[]>;
  countEvents(): Promise<number>;
  /** Daily scores since `sinceDay`, per entity ref, oldest first. */
  listScoreHistory(
    sinceDay: string,
    entityRef?: string,
  ): Promise<Map<string, Array<{ day: string; score: number | null }>>>;
  listAccountStatus(): Promise<AccountStatusRow[]>;
  /** The full rows (controls included) and non-compliant resources of some PBCs of a snapshot. */
  listPbcResults(
    snapshotId: number,
    entityRefs: string[],
  ): Promise<
    Map<string, { row: PbcRow; nonCompliant: StoredNonCompliantResource[] }>
  >;
  /**
   * Drops events, daily scores and finished refresh records older than
   * `before`, and all snapshots but the newest `snapshotsToKeep` (never the
   * current one).
   */
  cleanup(options: {
    before: Date;
    snapshotsToKeep: number;
  }): Promise<{ snapshots: number; events: number }>;
}

export interface RefreshFinish {
  state: RefreshState;
  now: Date;
  error?: string;
  snapshotId?: number;
  pbcCount?: number;
  awsCalls?: number;
  accounts?: AccountRefreshStatus[];
}

/** The store on the plugin's database (SQLite or PostgreSQL), through knex. */
class KnexComplianceStore implements ComplianceStore {
  readonly #db: Knex;

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<KnexComplianceStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexComplianceStore(client);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  // ------------------------------------------------------------ refreshes

  async createRefresh(row: {
    id: string;
    trigger: 'schedule' | 'manual';
    state: RefreshState;
    now: Date;
  }): Promise<void> {
    await this.#db('refreshes').insert({
      id: row.id,
      trigger: row.trigger,
      state: row.state,
      requested_at: iso(row.now),
      started_at: row.state === 'running' ? iso(row.now) : null,
      heartbeat_at: row.state === 'running' ? iso(row.now) : null,
    });
  }

  /** Marks refreshes left running by a process that died as failed. */
  async failInterruptedRefreshes(now: Date): Promise<number> {
    return this.#db('refreshes')
      .where({ state: 'running' })
      .update({
        state: 'failed',
        finished_at: iso(now),
        error: 'Interrupted: the backend stopped before the refresh finished',
      });
  }

  /** Moves every queued refresh to running and returns their ids, oldest first. */
  async claimQueuedRefreshes(now: Date): Promise<string[]> {
    return this.#db.transaction(async tx => {
      const rows: Array<{ id: string }> = await tx('refreshes')
        .where({ state: 'queued' })
        .orderBy('requested_at', 'asc')
        .select('id');
      const ids = rows.map(r => r.id);
      if (ids.length > 0) {
        await tx('refreshes')
          .whereIn('id', ids)
          .update({
            state: 'running',
            started_at: iso(now),
            heartbeat_at: iso(now),
          });
      }
      return ids;
    });
  }

  async updateRefreshProgress(
    ids: string[],
    accounts: AccountRefreshStatus[],
    now: Date,
  ): Promise<void> {
    await this.#db('refreshes')
      .whereIn('id', ids)
      .update({
        accounts_json: JSON.stringify(accounts),
        heartbeat_at: iso(now),
      });
  }

  async finishRefresh(
    ids: string[],
    outcome: RefreshFinish,
    tx: Knex = this.#db,
  ): Promise<void> {
    await tx('refreshes')
      .whereIn('id', ids)
      .update({
        state: outcome.state,
        finished_at: iso(outcome.now),
        error: outcome.error ?? null,
        snapshot_id: outcome.snapshotId ?? null,
        pbc_count: outcome.pbcCount ?? null,
        aws_calls: outcome.awsCalls ?? null,
        ...(outcome.accounts
          ? { accounts_json: JSON.stringify(outcome.accounts) }
          : {}),
      });
  }

  async getRefresh(id: string): Promise<RefreshStatus | undefined> {
    const row = await this.#db('refreshes').where({ id }).first();
    return row ? toRefreshStatus(row) : undefined;
  }

  async getLatestFinishedRefresh(): Promise<RefreshStatus | undefined> {
    const row = await this.#db('refreshes')
      .whereNotNull('finished_at')
      .orderBy('finished_at', 'desc')
      .first();
    return row ? toRefreshStatus(row) : undefined;
  }

  async getLatestFailedRefresh(): Promise<RefreshStatus | undefined> {
    const row = await this.#db('refreshes')
      .where({ state: 'failed' })
      .whereNotNull('finished_at')
      .orderBy('finished_at', 'desc')
      .first();
    return row ? toRefreshStatus(row) : undefined;
  }

  async getActiveRefresh(): Promise<RefreshStatus | undefined> {
    const row = await this.#db('refreshes')
      .whereIn('state', ['running', 'queued'])
      .orderBy([
        { column: 'state', order: 'desc' },
        { column: 'requested_at', order: 'asc' },
      ])
      .first();
    return row ? toRefreshStatus(row) : undefined;
  }

  // ---------------------------------------------------------- snapshots

  async getWatermarks(): Promise<Map<string, Date>> {
    const rows = await this.#db('watermarks').select();
    return new Map(
      rows.map(r => [`${r.account_id}/${r.region}`, new Date(r.watermark)]),
    );
  }

  /**
   * Writes a snapshot and makes it current, all in one transaction: a
   * failure at any point leaves the previous snapshot current and nothing of
   * this one visible. Returns the new snapshot id.
   */
  async writeSnapshot(write: SnapshotWrite): Promise<number> {
    const now = iso(write.now);
    return this.#db.transaction(async tx => {
      const inserted = await tx('snapshots').insert(
        {
          refresh_id: write.refreshId,
          created_at: now,
          partial: write.partial,
          pbc_count: write.fresh.length + write.stale.length,
        },
        ['id'],
      );
      const snapshotId = Number(
        typeof inserted[0] === 'object' ? inserted[0].id : inserted[0],
      );

      // Events first, so that the counts below include them.
      await insertEvents(tx, write.events, now);

      const since = iso(write.riskySince);
      const counts = new Map<string, number>(
        (
          (await tx('event_pbcs')
            .where('event_time', '>=', since)
            .groupBy('entity_ref')
            .select('entity_ref')
            .count({ count: '*' })) as Array<{
            entity_ref: string;
            count: unknown;
          }>
        ).map(r => [String(r.entity_ref), Number(r.count)]),
      );

      // Each control's text once per snapshot (see splitControlText).
      const texts = new Map<string, StoredControlText>();
      const freshRows = write.fresh.map(r => ({
        ...resultColumns(r, snapshotId, texts),
        risky_events: counts.get(r.target.entityRef) ?? 0,
        data_as_of: now,
        stale: false,
        stale_reason: null,
        stale_account: null,
        stale_region: null,
      }));
      for (const chunk of chunks(freshRows)) {
        await tx('pbc_results').insert(chunk);
      }
      const nonCompliant = write.fresh.flatMap(r =>
        r.nonCompliant.map(n =>
          nonCompliantColumns(snapshotId, r.target.entityRef, n),
        ),
      );
      for (const chunk of chunks(nonCompliant)) {
        await tx('noncompliant_resources').insert(chunk);
      }

      // Stale PBCs: what the service carried over, flagged with the error.
      const staleRows = write.stale.map(s => ({
        ...resultColumns(s, snapshotId, texts),
        risky_events: counts.get(s.target.entityRef) ?? 0,
        data_as_of: s.dataAsOf ?? null,
        stale: true,
        stale_reason: s.staleness.reason,
        stale_account: s.staleness.accountId,
        stale_region: s.staleness.region,
      }));
      for (const chunk of chunks(staleRows)) {
        await tx('pbc_results').insert(chunk);
      }
      const carried = write.stale.flatMap(r =>
        r.nonCompliant.map(n =>
          nonCompliantColumns(snapshotId, r.target.entityRef, n),
        ),
      );
      for (const chunk of chunks(carried)) {
        await tx('noncompliant_resources').insert(chunk);
      }
      const textRows = [...texts].map(([id, text]) => ({
        snapshot_id: snapshotId,
        control_id: id,
        text_json: JSON.stringify(text),
      }));
      for (const chunk of chunks(textRows)) {
        await tx('snapshot_control_text').insert(chunk);
      }

      const history = write.fresh.map(r => ({
        entity_ref: r.target.entityRef,
        day: day(write.now),
        score: r.score,
        snapshot_id: snapshotId,
      }));
      for (const chunk of chunks(history)) {
        await tx('score_history')
          .insert(chunk)
          .onConflict(['entity_ref', 'day'])
          .merge(['score', 'snapshot_id']);
      }

      for (const w of write.watermarks) {
        await tx('watermarks')
          .insert({
            account_id: w.accountId,
            region: w.region,
            watermark: iso(w.watermark),
            updated_at: now,
          })
          .onConflict(['account_id', 'region'])
          .merge(['watermark', 'updated_at']);
      }

      for (const account of write.accountStatus) {
        await tx('account_status')
          .insert({
            account_id: account.accountId,
            region: account.region,
            state: account.state,
            error: account.error ?? null,
            failing_since: account.failingSince ?? null,
            last_success_at: account.lastSuccessAt ?? null,
            updated_at: now,
          })
          .onConflict(['account_id', 'region'])
          .merge([
            'state',
            'error',
            'failing_since',
            'last_success_at',
            'updated_at',
          ]);
      }

      for (const state of write.readerStates ?? []) {
        await tx('reader_state')
          .insert({
            scope: state.scope,
            version: snapshotId,
            data: state.data,
            updated_at: now,
          })
          .onConflict('scope')
          .merge(['version', 'data', 'updated_at']);
      }

      await tx('current_snapshot')
        .insert({ id: 1, snapshot_id: snapshotId, updated_at: now })
        .onConflict('id')
        .merge(['snapshot_id', 'updated_at']);

      await this.finishRefresh(
        write.servedRefreshIds,
        {
          state: write.outcome.state,
          now: write.now,
          snapshotId,
          pbcCount: write.fresh.length + write.stale.length,
          awsCalls: write.awsCalls,
          accounts: write.accounts,
          error: write.outcome.error,
        },
        tx,
      );
      return snapshotId;
    });
  }

  async getCurrentSnapshotId(): Promise<number | undefined> {
    const row = await this.#db('current_snapshot').where({ id: 1 }).first();
    return row ? Number(row.snapshot_id) : undefined;
  }

  async getReaderStateVersions(): Promise<Map<string, number>> {
    const rows = await this.#db('reader_state').select('scope', 'version');
    return new Map(rows.map(r => [String(r.scope), Number(r.version)]));
  }

  async getReaderState(scope: string): Promise<StoredReaderState | undefined> {
    const row = await this.#db('reader_state').where({ scope }).first();
    if (!row) return undefined;
    return {
      version: Number(row.version),
      data: Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data),
    };
  }

  async getSnapshot(id: number): Promise<SnapshotInfo | undefined> {
    const row = await this.#db('snapshots').where({ id }).first();
    return row
      ? {
          id: Number(row.id),
          refreshId: row.refresh_id,
          createdAt: row.created_at,
          partial: Boolean(row.partial),
        }
      : undefined;
  }

  async listPbcRows(snapshotId: number): Promise<PbcRow[]> {
    const rows = await this.#db('pbc_results')
      .where({ snapshot_id: snapshotId })
      .select(PBC_LIST_COLUMNS);
    return rows.map(r => toPbcRow(r));
  }

  async getPbcRow(
    snapshotId: number,
    entityRef: string,
  ): Promise<PbcRow | undefined> {
    const row = await this.#db('pbc_results')
      .where({ snapshot_id: snapshotId, entity_ref: entityRef })
      .first();
    if (!row) return undefined;
    const pbcRow = toPbcRow(row);
    joinControlText([pbcRow], await this.#controlText(snapshotId));
    return pbcRow;
  }

  /** The snapshot's control text (empty for snapshots written before it was kept apart). */
  async #controlText(
    snapshotId: number,
  ): Promise<Map<string, StoredControlText>> {
    const rows = await this.#db('snapshot_control_text')
      .where({ snapshot_id: snapshotId })
      .select('control_id', 'text_json');
    return new Map(
      rows.map(r => [String(r.control_id), JSON.parse(r.text_json)]),
    );
  }

  async listNonCompliant(
    snapshotId: number,
    entityRef: string,
  ): Promise<StoredNonCompliantResource[]> {
    const rows = await this.#db('noncompliant_resources')
      .where({ snapshot_id: snapshotId, entity_ref: entityRef })
      .orderBy('id', 'asc');
    return rows.map(toNonCompliant);
  }

  async listRiskyEvents(
    entityRef: string,
    since: Date,
    limit: number,
  ): Promise<StoredEventRow[]> {
    const rows = await this.#db('event_pbcs as l')
      .join('cloudtrail_events as e', 'e.event_id', 'l.event_id')
      .where('l.entity_ref', entityRef)
      .andWhere('l.event_time', '>=', iso(since))
      .orderBy('l.event_time', 'desc')
      .limit(limit)
      .select('e.*');
    const ids = rows.map(r => r.event_id);
    const pbcs = new Map<string, string[]>();
    for (const chunk of chunks(ids, 500)) {
      for (const link of await this.#db('event_pbcs').whereIn(
        'event_id',
        chunk,
      )) {
        pbcs.set(link.event_id, [
          ...(pbcs.get(link.event_id) ?? []),
          link.entity_ref,
        ]);
      }
    }
    return rows.map(r => ({
      eventId: r.event_id,
      eventTime: r.event_time,
      eventName: r.event_name,
      eventSource: r.event_source,
      accountId: r.account_id,
      region: r.region,
      principal: opt(r.principal),
      sourceIpAddress: opt(r.source_ip),
      severity: r.severity,
      reasons: JSON.parse(r.reasons_json),
      resources: JSON.parse(r.resources_json),
      pbcs: (pbcs.get(r.event_id) ?? []).sort(),
    }));
  }

  /**
   * Risky events pushed in between refreshes: stored like the refresh's
   * (deduplicated by CloudTrail event id) and counted into the current
   * snapshot's rows of the PBCs they are attributed to, so that the list
   * shows them before the next refresh. Returns the entity refs updated.
   */
  async addPushedEvents(
    events: ClassifiedEvent[],
    riskySince: Date,
    now: Date,
  ): Promise<string[]> {
    const refs = [...new Set(events.flatMap(e => e.pbcs))];
    if (refs.length === 0) return [];
    return this.#db.transaction(async tx => {
      await insertEvents(tx, events, iso(now));
      const pointer = await tx('current_snapshot').where({ id: 1 }).first();
      if (!pointer?.snapshot_id) return [];
      const counts = (await tx('event_pbcs')
        .whereIn('entity_ref', refs)
        .andWhere('event_time', '>=', iso(riskySince))
        .groupBy('entity_ref')
        .select('entity_ref')
        .count({ count: '*' })) as Array<{
        entity_ref: string;
        count: unknown;
      }>;
      for (const row of counts) {
        await tx('pbc_results')
          .where({
            snapshot_id: pointer.snapshot_id,
            entity_ref: row.entity_ref,
          })
          .update({ risky_events: Number(row.count) });
      }
      return counts.map(r => String(r.entity_ref));
    });
  }

  async countEvents(): Promise<number> {
    const [{ count }] = await this.#db('cloudtrail_events').count({
      count: '*',
    });
    return Number(count);
  }

  /** Daily scores since `sinceDay`, per entity ref, oldest first. */
  async listScoreHistory(
    sinceDay: string,
    entityRef?: string,
  ): Promise<Map<string, Array<{ day: string; score: number | null }>>> {
    const query = this.#db('score_history')
      .where('day', '>=', sinceDay)
      .orderBy('day', 'asc')
      .select('entity_ref', 'day', 'score');
    if (entityRef) {
      query.andWhere('entity_ref', entityRef);
    }
    const out = new Map<string, Array<{ day: string; score: number | null }>>();
    for (const row of await query) {
      const list = out.get(row.entity_ref) ?? [];
      list.push({
        day: row.day,
        score: row.score === null ? null : Number(row.score),
      });
      out.set(row.entity_ref, list);
    }
    return out;
  }

  /** Entity refs with a daily score before `beforeDay` (history backfill). */
  async entityRefsWithHistoryBefore(beforeDay: string): Promise<Set<string>> {
    const rows = await this.#db('score_history')
      .where('day', '<', beforeDay)
      .distinct('entity_ref');
    return new Set(rows.map(r => r.entity_ref));
  }

  /** Adds past daily scores where a day has none (history backfill). */
  async addBackfilledScores(
    rows: Array<{ entityRef: string; day: string; score: number | null }>,
    snapshotId: number,
  ): Promise<void> {
    for (const chunk of chunks(
      rows.map(r => ({
        entity_ref: r.entityRef,
        day: r.day,
        score: r.score,
        snapshot_id: snapshotId,
      })),
    )) {
      await this.#db('score_history')
        .insert(chunk)
        .onConflict(['entity_ref', 'day'])
        .ignore();
    }
  }

  async listPbcResults(
    snapshotId: number,
    entityRefs: string[],
  ): Promise<
    Map<string, { row: PbcRow; nonCompliant: StoredNonCompliantResource[] }>
  > {
    const out = new Map<
      string,
      { row: PbcRow; nonCompliant: StoredNonCompliantResource[] }
    >();
    for (const refs of chunks(entityRefs, 500)) {
      for (const row of await this.#db('pbc_results')
        .where({ snapshot_id: snapshotId })
        .whereIn('entity_ref', refs)) {
        out.set(row.entity_ref, { row: toPbcRow(row), nonCompliant: [] });
      }
      for (const row of await this.#db('noncompliant_resources')
        .where({ snapshot_id: snapshotId })
        .whereIn('entity_ref', refs)
        .orderBy('id', 'asc')) {
        out.get(row.entity_ref)?.nonCompliant.push(toNonCompliant(row));
      }
    }
    if (out.size > 0) {
      joinControlText(
        [...out.values()].map(v => v.row),
        await this.#controlText(snapshotId),
      );
    }
    return out;
  }

  async listAccountStatus(): Promise<AccountStatusRow[]> {
    const rows = await this.#db('account_status').orderBy([
      'account_id',
      'region',
    ]);
    return rows.map(r => ({
      accountId: r.account_id,
      region: r.region,
      state: r.state,
      error: opt(r.error),
      failingSince: opt(r.failing_since),
      lastSuccessAt: opt(r.last_success_at),
    }));
  }

  /**
   * Drops events, daily scores and finished refresh records older than
   * `before`, and all snapshots but the newest `snapshotsToKeep` (never the
   * current one).
   */
  async cleanup(options: {
    before: Date;
    snapshotsToKeep: number;
  }): Promise<{ snapshots: number; events: number }> {
    const cutoff = options.before;
    const current = await this.getCurrentSnapshotId();
    const keep = (
      await this.#db('snapshots')
        .orderBy('id', 'desc')
        .limit(options.snapshotsToKeep)
        .select('id')
    ).map(r => Number(r.id));
    if (current !== undefined) keep.push(current);
    const old = (
      await this.#db('snapshots').whereNotIn('id', keep).select('id')
    ).map(r => Number(r.id));
    for (const ids of chunks(old, 200)) {
      await this.#db.transaction(async tx => {
        await tx('noncompliant_resources').whereIn('snapshot_id', ids).delete();
        await tx('snapshot_control_text').whereIn('snapshot_id', ids).delete();
        await tx('pbc_results').whereIn('snapshot_id', ids).delete();
        await tx('snapshots').whereIn('id', ids).delete();
      });
    }
    let events = 0;
    await this.#db.transaction(async tx => {
      await tx('event_pbcs').where('event_time', '<', iso(cutoff)).delete();
      events = Number(
        await tx('cloudtrail_events')
          .where('event_time', '<', iso(cutoff))
          .delete(),
      );
    });
    await this.#db('score_history').where('day', '<', day(cutoff)).delete();
    await this.#db('refreshes')
      .where('requested_at', '<', iso(cutoff))
      .whereNotIn('state', ['queued', 'running'])
      .delete();
    return { snapshots: old.length, events };
  }
}

// The factory shares the interface's name (a companion object), so that
// callers write ComplianceStore.create() and never see the implementation.
// eslint-disable-next-line @typescript-eslint/no-redeclare
export const ComplianceStore = {
  /** Connects (and migrates, unless told not to). */
  async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<ComplianceStore> {
    return KnexComplianceStore.create(options);
  },
};

function toNonCompliant(r: any): StoredNonCompliantResource {
  return {
    resourceId: r.resource_id,
    resourceType: r.resource_type,
    resourceName: opt(r.resource_name),
    arn: opt(r.arn),
    accountId: r.account_id,
    region: r.region,
    configRuleName: r.config_rule_name,
    controlIds: String(r.control_ids).split(',').filter(Boolean),
    annotation: opt(r.annotation),
    evaluatedAt: opt(r.evaluated_at),
  };
}

/** The columns of a PBC's results, fresh or carried over. */
const TEXT_KEYS = [
  'title',
  'family',
  'severity',
  'level',
  'scope',
  'remediation',
  'guidance',
] as const;

function textOf(c: StoredControlResult): StoredControlText | undefined {
  if (c.title === undefined) return undefined;
  const text: Partial<StoredControlText> = {};
  for (const k of TEXT_KEYS) (text as Record<string, unknown>)[k] = c[k];
  return text as StoredControlText;
}

function sameText(a: StoredControlText, b: StoredControlText): boolean {
  return (
    TEXT_KEYS.every(k => a[k] === b[k]) ||
    JSON.stringify(a) === JSON.stringify(b)
  );
}

/**
 * A PBC's control results without the controls' text, which goes to
 * `texts` once per control for the snapshot. A control whose text differs
 * from the one kept (a stale PBC's results carried from an older snapshot)
 * keeps its text inline, as rows did before.
 */
function splitControlText(
  controls: StoredControlResult[],
  texts: Map<string, StoredControlText>,
): StoredControlResult[] {
  return controls.map(c => {
    const text = textOf(c);
    if (!text) return c;
    const kept = texts.get(c.id);
    if (kept && !sameText(kept, text)) return c;
    if (!kept) texts.set(c.id, text);
    return {
      id: c.id,
      status: c.status,
      compliant: c.compliant,
      nonCompliant: c.nonCompliant,
      rules: c.rules,
    };
  });
}

/** Puts the snapshot's control text back into results stored without it. */
function joinControlText(
  rows: PbcRow[],
  texts: Map<string, StoredControlText>,
): void {
  if (texts.size === 0) return;
  for (const row of rows) {
    row.controls = row.controls?.map(c =>
      c.title === undefined && texts.has(c.id)
        ? { ...c, ...texts.get(c.id) }
        : c,
    );
  }
}

function resultColumns(
  r: PbcComputedResult,
  snapshotId: number,
  texts: Map<string, StoredControlText>,
) {
  return {
    ...targetColumns(r.target),
    snapshot_id: snapshotId,
    pack_deployed: r.conformancePackDeployed,
    score: r.score,
    failing_critical: r.failingBySeverity.critical,
    failing_high: r.failingBySeverity.high,
    failing_medium: r.failingBySeverity.medium,
    failing_low: r.failingBySeverity.low,
    passing_count: r.passingCount,
    failing_count: r.failingCount,
    insufficient_count: r.insufficientCount,
    failing_controls: JSON.stringify(failingControls(r.controls)),
    controls_json: JSON.stringify(splitControlText(r.controls, texts)),
  };
}

function targetColumns(target: PbcTarget) {
  return {
    entity_ref: target.entityRef,
    kind: target.kind,
    namespace: target.namespace,
    name: target.name,
    title: target.title ?? null,
    pbc: target.pbc,
    owner: target.owner ?? null,
    system: target.system ?? null,
    account_id: target.accountId,
    region: target.region,
    conformance_pack: target.conformancePack,
    pci_scope: target.pciScope,
  };
}

function nonCompliantColumns(
  snapshotId: number,
  entityRef: string,
  n: StoredNonCompliantResource,
) {
  return {
    snapshot_id: snapshotId,
    entity_ref: entityRef,
    resource_id: n.resourceId,
    resource_type: n.resourceType,
    resource_name: n.resourceName ?? null,
    arn: n.arn ?? null,
    account_id: n.accountId,
    region: n.region,
    config_rule_name: n.configRuleName,
    control_ids: n.controlIds.join(','),
    annotation: n.annotation ?? null,
    evaluated_at: n.evaluatedAt ?? null,
  };
}

function toPbcRow(r: any): PbcRow {
  return {
    snapshotId: Number(r.snapshot_id),
    entityRef: r.entity_ref,
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    title: opt(r.title),
    pbc: r.pbc,
    owner: opt(r.owner),
    system: opt(r.system),
    accountId: r.account_id,
    region: r.region,
    conformancePack: r.conformance_pack,
    packDeployed: Boolean(r.pack_deployed),
    pciScope: Boolean(r.pci_scope),
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    failing: {
      critical: Number(r.failing_critical),
      high: Number(r.failing_high),
      medium: Number(r.failing_medium),
      low: Number(r.failing_low),
    },
    passingCount: Number(r.passing_count),
    failingCount: Number(r.failing_count),
    insufficientCount: Number(r.insufficient_count),
    riskyEvents: Number(r.risky_events),
    ...failingOf(JSON.parse(r.failing_controls ?? '[]')),
    dataAsOf: opt(r.data_as_of),
    stale: Boolean(r.stale),
    staleReason: opt(r.stale_reason),
    staleAccount: opt(r.stale_account),
    staleRegion: opt(r.stale_region),
    controls: r.controls_json ? JSON.parse(r.controls_json) : undefined,
  };
}

/**
 * The failing controls' ids and the family of each. Rows written before
 * families were stored fall back to the catalog, and drop the ids it no
 * longer knows.
 */
function failingOf(
  failing: FailingControl[],
): Pick<PbcRow, 'failingControlIds' | 'failingFamilies'> {
  return {
    failingControlIds: failing.map(c => c.id),
    failingFamilies: failing.flatMap(c => {
      const family = c.family ?? findControl(c.id)?.family;
      return family ? [family] : [];
    }),
  };
}

function toRefreshStatus(r: any): RefreshStatus {
  return {
    id: r.id,
    trigger: r.trigger,
    state: r.state,
    requestedAt: r.requested_at,
    ...(r.started_at ? { startedAt: r.started_at } : {}),
    ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.snapshot_id !== null && r.snapshot_id !== undefined
      ? { snapshotId: Number(r.snapshot_id) }
      : {}),
    ...(r.pbc_count !== null && r.pbc_count !== undefined
      ? { pbcCount: Number(r.pbc_count) }
      : {}),
    ...(r.aws_calls !== null && r.aws_calls !== undefined
      ? { awsCalls: Number(r.aws_calls) }
      : {}),
    accounts: r.accounts_json ? JSON.parse(r.accounts_json) : [],
  };
}

/** Risky events and their PBC links; an event already stored is kept as it is. */
async function insertEvents(
  tx: Knex.Transaction,
  events: ClassifiedEvent[],
  now: string,
): Promise<void> {
  for (const chunk of chunks(events)) {
    await tx('cloudtrail_events')
      .insert(
        chunk.map(e => ({
          event_id: e.eventId,
          event_time: iso(e.eventTime),
          event_name: e.eventName,
          event_source: e.eventSource,
          account_id: e.accountId,
          region: e.region,
          principal: e.principal ?? null,
          source_ip: e.sourceIpAddress ?? null,
          severity: e.severity,
          reasons_json: JSON.stringify(e.reasons),
          resources_json: JSON.stringify(e.resources),
          created_at: now,
        })),
      )
      .onConflict('event_id')
      .ignore();
  }
  const links = events.flatMap(e =>
    e.pbcs.map(entityRef => ({
      event_id: e.eventId,
      entity_ref: entityRef,
      event_time: iso(e.eventTime),
    })),
  );
  for (const chunk of chunks(links)) {
    await tx('event_pbcs')
      .insert(chunk)
      .onConflict(['event_id', 'entity_ref'])
      .ignore();
  }
}
