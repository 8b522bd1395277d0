import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { RiskReason } from '@pbc-portal/plugin-compliance-dashboard-common';
import { Severity } from '@pbc-portal/pbc-domain';

/** A control failing when the PBC was last compared. */
export interface FailingMark {
  severity: Severity;
  /** When the notifier first saw it failing; null if it was failing at the PBC's baseline. */
  since: string | null;
}

/** What the notifier knows of one PBC between refreshes. */
export interface PbcNotificationState {
  entityRef: string;
  failing: Record<string, FailingMark>;
  /** The score a drop is measured from; null until the PBC has a score. */
  referenceScore: number | null;
  /** Critical events stored up to this time (ISO) were told for this PBC. */
  eventsUntil: string;
}

/** How far the notifier got, for all PBCs. */
export interface NotificationProgress {
  /** The last snapshot compared. */
  snapshotId: number;
  /** Critical events stored up to this time (ISO) were looked at for every PBC. */
  eventsUntil: string;
}

/** A critical risky event of a PBC, as the notifier tells it. */
export interface CriticalEventRow {
  entityRef: string;
  eventId: string;
  eventName: string;
  eventTime: string;
  createdAt: string;
  reasons: RiskReason[];
}

/**
 * The notifier's memory in the plugin's database: per PBC what was failing
 * and the score reference, and the last snapshot compared. The tables come
 * with the plugin's migrations (run by ComplianceStore.create).
 */
export interface NotificationStateStore {
  /** Undefined before the notifier's first run. */
  getProgress(): Promise<NotificationProgress | undefined>;
  setProgress(progress: NotificationProgress, now: Date): Promise<void>;
  listStates(): Promise<Map<string, PbcNotificationState>>;
  /** Upserts PBCs' states (one after its notification was sent, or baselines in bulk). */
  saveStates(states: PbcNotificationState[], now: Date): Promise<void>;
  /** Forgets PBCs that left the catalog. */
  deleteStates(entityRefs: string[]): Promise<void>;
  /** Critical events stored after `createdAfter` (ISO), one row per PBC they are attributed to. */
  listCriticalEvents(createdAfter: string): Promise<CriticalEventRow[]>;
}

class KnexNotificationStateStore implements NotificationStateStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async getProgress(): Promise<NotificationProgress | undefined> {
    const row = await this.#db('notification_progress')
      .where({ id: 1 })
      .first();
    return row
      ? { snapshotId: Number(row.snapshot_id), eventsUntil: row.events_until }
      : undefined;
  }

  async setProgress(progress: NotificationProgress, now: Date): Promise<void> {
    await this.#db('notification_progress')
      .insert({
        id: 1,
        snapshot_id: progress.snapshotId,
        events_until: progress.eventsUntil,
        updated_at: now.toISOString(),
      })
      .onConflict('id')
      .merge(['snapshot_id', 'events_until', 'updated_at']);
  }

  async listStates(): Promise<Map<string, PbcNotificationState>> {
    const rows = await this.#db('notification_pbc_state').select();
    return new Map(
      rows.map(r => [
        r.entity_ref,
        {
          entityRef: r.entity_ref,
          failing: JSON.parse(r.failing_json),
          referenceScore:
            r.reference_score === null ? null : Number(r.reference_score),
          eventsUntil: r.events_until,
        },
      ]),
    );
  }

  async saveStates(states: PbcNotificationState[], now: Date): Promise<void> {
    // 100 rows of 5 columns a statement: far below SQLite's parameter limit.
    for (let i = 0; i < states.length; i += 100) {
      await this.#db('notification_pbc_state')
        .insert(
          states.slice(i, i + 100).map(state => ({
            entity_ref: state.entityRef,
            failing_json: JSON.stringify(state.failing),
            reference_score: state.referenceScore,
            events_until: state.eventsUntil,
            updated_at: now.toISOString(),
          })),
        )
        .onConflict('entity_ref')
        .merge([
          'failing_json',
          'reference_score',
          'events_until',
          'updated_at',
        ]);
    }
  }

  async deleteStates(entityRefs: string[]): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += 500) {
      await this.#db('notification_pbc_state')
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .delete();
    }
  }

  async listCriticalEvents(createdAfter: string): Promise<CriticalEventRow[]> {
    const rows = await this.#db('cloudtrail_events as e')
      .join('event_pbcs as l', 'l.event_id', 'e.event_id')
      .where('e.severity', 'critical')
      .andWhere('e.created_at', '>', createdAfter)
      .orderBy([
        { column: 'e.event_time', order: 'asc' },
        { column: 'e.event_id', order: 'asc' },
      ])
      .select(
        'l.entity_ref',
        'e.event_id',
        'e.event_name',
        'e.event_time',
        'e.created_at',
        'e.reasons_json',
      );
    return rows.map(r => ({
      entityRef: r.entity_ref,
      eventId: r.event_id,
      eventName: r.event_name,
      eventTime: r.event_time,
      createdAt: r.created_at,
      reasons: JSON.parse(r.reasons_json),
    }));
  }
}

// Companion object, as ComplianceStore: callers never see the class.
// eslint-disable-next-line @typescript-eslint/no-redeclare
export const NotificationStateStore = {
  async create(options: {
    database: DatabaseService;
  }): Promise<NotificationStateStore> {
    return new KnexNotificationStateStore(await options.database.getClient());
  },
};
