import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  Exemption,
  ExemptionEvent,
  ExemptionState,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@pbc-portal/plugin-compliance-dashboard-backend',
  'migrations',
);

/** A step to append to the log with a state change. */
export type NewExemptionEvent = Omit<ExemptionEvent, 'exemptionId'>;

/**
 * The exemptions and their event log. No rules here: the service decides
 * what may happen; the store makes each change conditional on the state it
 * was decided on (so two replicas or two clicks cannot both win) and writes
 * the change and its event in one transaction.
 */
export interface ExemptionStore {
  insert(exemption: Exemption, event: NewExemptionEvent): Promise<void>;
  get(id: string): Promise<Exemption | undefined>;
  list(filter: {
    entityRef?: string;
    states?: ExemptionState[];
  }): Promise<Exemption[]>;
  events(id: string): Promise<ExemptionEvent[]>;
  /**
   * Moves an exemption out of one of `from` (and, with `unexpiredAt`, only
   * if it has not expired by then); false if it was not in such a state.
   */
  transition(
    id: string,
    change: {
      from: ExemptionState[];
      unexpiredAt?: string;
      to: ExemptionState;
      decision?: { by: string; at: string; comment: string };
      revocation?: { by: string; at: string; comment: string };
      event: NewExemptionEvent;
    },
  ): Promise<boolean>;
  /** Approved exemptions whose expiry is after `now`. */
  listActive(now: string): Promise<Exemption[]>;
  /** Requested or approved exemptions whose expiry is at or before `now`. */
  listDue(now: string): Promise<Exemption[]>;
  /** Approved exemptions ending in (now, until] that were not announced yet. */
  listEndingSoon(now: string, until: string): Promise<Exemption[]>;
  /** Marks one as announced (once); false if it already was. */
  markEndingSoon(id: string, event: NewExemptionEvent): Promise<boolean>;
}

class KnexExemptionStore implements ExemptionStore {
  readonly #db: Knex;

  static async create(options: {
    database: DatabaseService;
  }): Promise<KnexExemptionStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexExemptionStore(client);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  async insert(exemption: Exemption, event: NewExemptionEvent): Promise<void> {
    await this.#db.transaction(async tx => {
      await tx('exemptions').insert({
        id: exemption.id,
        entity_ref: exemption.entityRef,
        control_id: exemption.controlId,
        resource_ids: exemption.resourceIds
          ? JSON.stringify(exemption.resourceIds)
          : null,
        reason: exemption.reason,
        requested_by: exemption.requestedBy,
        requested_at: exemption.requestedAt,
        expires_at: exemption.expiresAt,
        state: exemption.state,
      });
      await tx('exemption_events').insert(eventRow(exemption.id, event));
    });
  }

  async get(id: string): Promise<Exemption | undefined> {
    const row = await this.#db('exemptions').where({ id }).first();
    return row ? toExemption(row) : undefined;
  }

  async list(filter: {
    entityRef?: string;
    states?: ExemptionState[];
  }): Promise<Exemption[]> {
    const query = this.#db('exemptions').orderBy([
      { column: 'requested_at', order: 'desc' },
      { column: 'id', order: 'asc' },
    ]);
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    if (filter.states?.length) query.whereIn('state', filter.states);
    return (await query).map(toExemption);
  }

  async events(id: string): Promise<ExemptionEvent[]> {
    const rows = await this.#db('exemption_events')
      .where({ exemption_id: id })
      .orderBy('id', 'asc');
    return rows.map(r => ({
      exemptionId: r.exemption_id,
      type: r.type,
      actor: r.actor,
      at: r.at,
      ...(r.comment !== null && r.comment !== undefined
        ? { comment: r.comment }
        : {}),
    }));
  }

  async transition(
    id: string,
    change: Parameters<ExemptionStore['transition']>[1],
  ): Promise<boolean> {
    return this.#db.transaction(async tx => {
      const query = tx('exemptions')
        .where({ id })
        .whereIn('state', change.from);
      if (change.unexpiredAt)
        query.where('expires_at', '>', change.unexpiredAt);
      const updated = await query.update({
        state: change.to,
        ...(change.decision
          ? {
              decided_by: change.decision.by,
              decided_at: change.decision.at,
              decision_comment: change.decision.comment,
            }
          : {}),
        ...(change.revocation
          ? {
              revoked_by: change.revocation.by,
              revoked_at: change.revocation.at,
              revoke_comment: change.revocation.comment,
            }
          : {}),
      });
      if (updated !== 1) return false;
      await tx('exemption_events').insert(eventRow(id, change.event));
      return true;
    });
  }

  async listActive(now: string): Promise<Exemption[]> {
    const rows = await this.#db('exemptions')
      .where({ state: 'approved' })
      .where('expires_at', '>', now)
      .orderBy('id');
    return rows.map(toExemption);
  }

  async listDue(now: string): Promise<Exemption[]> {
    const rows = await this.#db('exemptions')
      .whereIn('state', ['requested', 'approved'])
      .where('expires_at', '<=', now)
      .orderBy('id');
    return rows.map(toExemption);
  }

  async listEndingSoon(now: string, until: string): Promise<Exemption[]> {
    const rows = await this.#db('exemptions')
      .where({ state: 'approved' })
      .whereNull('expiring_soon_at')
      .where('expires_at', '>', now)
      .where('expires_at', '<=', until)
      .orderBy('id');
    return rows.map(toExemption);
  }

  async markEndingSoon(id: string, event: NewExemptionEvent): Promise<boolean> {
    return this.#db.transaction(async tx => {
      const updated = await tx('exemptions')
        .where({ id, state: 'approved' })
        .whereNull('expiring_soon_at')
        .update({ expiring_soon_at: event.at });
      if (updated !== 1) return false;
      await tx('exemption_events').insert(eventRow(id, event));
      return true;
    });
  }
}

function eventRow(exemptionId: string, event: NewExemptionEvent) {
  return {
    exemption_id: exemptionId,
    type: event.type,
    actor: event.actor,
    at: event.at,
    comment: event.comment ?? null,
  };
}

function toExemption(r: any): Exemption {
  return {
    id: r.id,
    entityRef: r.entity_ref,
    controlId: r.control_id,
    ...(r.resource_ids ? { resourceIds: JSON.parse(r.resource_ids) } : {}),
    reason: r.reason,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
    state: r.state,
    ...(r.decided_by
      ? {
          decision: {
            by: r.decided_by,
            at: r.decided_at,
            comment: r.decision_comment ?? '',
          },
        }
      : {}),
    ...(r.revoked_by
      ? {
          revocation: {
            by: r.revoked_by,
            at: r.revoked_at,
            comment: r.revoke_comment ?? '',
          },
        }
      : {}),
  };
}

// A companion object, as ComplianceStore: callers write ExemptionStore.create().
// eslint-disable-next-line @typescript-eslint/no-redeclare
export const ExemptionStore = {
  /** Connects and migrates (unless the database says to skip migrations). */
  async create(options: {
    database: DatabaseService;
  }): Promise<ExemptionStore> {
    return KnexExemptionStore.create(options);
  },
};
