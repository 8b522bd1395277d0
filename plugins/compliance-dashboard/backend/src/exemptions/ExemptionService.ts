import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { findControl } from '@pbc-portal/pbc-domain';
import {
  Exemption,
  ExemptionSettings,
  ExemptionState,
  ExemptionWithEvents,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { randomUUID } from 'crypto';
import { Clock } from '../util/clock';
import {
  EXPIRING_SOON_DAYS,
  ExemptionListener,
  noopExemptionListener,
} from './events';
import { ExemptionStore } from './ExemptionStore';

const DAY_MS = 86_400_000;

/** The actor of the sweep's steps. */
export const SYSTEM_ACTOR = 'system';

/** The control ids of a PBC in the current snapshot; undefined: no such PBC. */
export type PbcControls = (entityRef: string) => Promise<string[] | undefined>;

/**
 * What a state reads as at `now`: a requested or approved exemption past its
 * expiry is expired, whether or not the sweep has recorded it yet.
 */
export function stateAt(exemption: Exemption, now: Date): ExemptionState {
  if (
    (exemption.state === 'requested' || exemption.state === 'approved') &&
    exemption.expiresAt <= now.toISOString()
  ) {
    return 'expired';
  }
  return exemption.state;
}

/**
 * The rules of exemptions. Permissions (who may ask, decide, revoke) are the
 * router's, through the permission framework; the rules that hold whatever a
 * policy says are here: the expiry is in the future and within `maxDays`, the
 * control exists and applies to the PBC, one open exemption per control and
 * resources, nobody decides their own request, only an open exemption is
 * decided or revoked. Every step goes to the log with who, when and why;
 * a refused step changes nothing.
 */
export class ExemptionService {
  readonly #store: ExemptionStore;
  readonly #settings: ExemptionSettings;
  readonly #now: Clock;
  readonly #controlsOf: PbcControls;
  readonly #listener: ExemptionListener;
  readonly #logger?: LoggerService;

  constructor(options: {
    store: ExemptionStore;
    settings: ExemptionSettings;
    now: Clock;
    controlsOf: PbcControls;
    listener?: ExemptionListener;
    logger?: LoggerService;
  }) {
    this.#store = options.store;
    this.#settings = options.settings;
    this.#now = options.now;
    this.#controlsOf = options.controlsOf;
    this.#listener = options.listener ?? noopExemptionListener;
    this.#logger = options.logger;
  }

  get settings(): ExemptionSettings {
    return this.#settings;
  }

  async request(
    input: {
      entityRef: string;
      controlId: string;
      resourceIds?: string[];
      reason: string;
      expiresAt: Date;
    },
    actor: string,
  ): Promise<Exemption> {
    const now = this.#now();
    if (input.expiresAt.getTime() <= now.getTime()) {
      throw new InputError(
        `The expiry ${input.expiresAt.toISOString()} is not in the future`,
      );
    }
    const latest = now.getTime() + this.#settings.maxDays * DAY_MS;
    if (input.expiresAt.getTime() > latest) {
      throw new InputError(
        `The expiry ${input.expiresAt.toISOString()} is more than ${
          this.#settings.maxDays
        } days away (complianceDashboard.exemptions.maxDays); the latest allowed is ${new Date(
          latest,
        ).toISOString()}`,
      );
    }
    if (!findControl(input.controlId)) {
      throw new InputError(`Unknown control '${input.controlId}'`);
    }
    const controls = await this.#controlsOf(input.entityRef);
    if (!controls) {
      throw new NotFoundError(
        `No PBC '${input.entityRef}' with compliance data that you may read`,
      );
    }
    if (!controls.includes(input.controlId)) {
      throw new InputError(
        `Control '${input.controlId}' does not apply to '${input.entityRef}'`,
      );
    }
    const resourceIds = input.resourceIds?.length
      ? [...new Set(input.resourceIds)].sort()
      : undefined;
    const open = (
      await this.#store.list({
        entityRef: input.entityRef,
        states: ['requested', 'approved'],
      })
    ).filter(
      e =>
        stateAt(e, now) !== 'expired' &&
        e.controlId === input.controlId &&
        JSON.stringify(e.resourceIds ?? null) ===
          JSON.stringify(resourceIds ?? null),
    );
    if (open.length > 0) {
      throw new ConflictError(
        `Exemption ${open[0].id} for ${input.controlId} on '${input.entityRef}' is already ${open[0].state}`,
      );
    }
    const exemption: Exemption = {
      id: randomUUID(),
      entityRef: input.entityRef,
      controlId: input.controlId,
      ...(resourceIds ? { resourceIds } : {}),
      reason: input.reason,
      requestedBy: actor,
      requestedAt: now.toISOString(),
      expiresAt: input.expiresAt.toISOString(),
      state: 'requested',
    };
    await this.#store.insert(exemption, {
      type: 'requested',
      actor,
      at: exemption.requestedAt,
      comment: input.reason,
    });
    return exemption;
  }

  async decide(
    id: string,
    input: { decision: 'approve' | 'reject'; comment: string },
    actor: string,
  ): Promise<Exemption> {
    const now = this.#now();
    const exemption = await this.#existing(id);
    const state = stateAt(exemption, now);
    if (state !== 'requested') {
      throw new ConflictError(
        `Exemption ${id} is ${state}; only a requested exemption is decided`,
      );
    }
    if (exemption.requestedBy === actor) {
      throw new NotAllowedError(
        'Nobody approves or rejects their own exemption request',
      );
    }
    const to = input.decision === 'approve' ? 'approved' : 'rejected';
    const at = now.toISOString();
    const moved = await this.#store.transition(id, {
      from: ['requested'],
      unexpiredAt: at,
      to,
      decision: { by: actor, at, comment: input.comment },
      event: { type: to, actor, at, comment: input.comment },
    });
    if (!moved) {
      throw new ConflictError(`Exemption ${id} was changed meanwhile`);
    }
    return (await this.#existing(id)) as Exemption;
  }

  async revoke(id: string, comment: string, actor: string): Promise<Exemption> {
    const now = this.#now();
    const exemption = await this.#existing(id);
    const state = stateAt(exemption, now);
    if (state !== 'requested' && state !== 'approved') {
      throw new ConflictError(
        `Exemption ${id} is ${state}; only a requested or approved exemption is revoked`,
      );
    }
    const at = now.toISOString();
    const moved = await this.#store.transition(id, {
      from: ['requested', 'approved'],
      unexpiredAt: at,
      to: 'revoked',
      revocation: { by: actor, at, comment },
      event: { type: 'revoked', actor, at, comment },
    });
    if (!moved) {
      throw new ConflictError(`Exemption ${id} was changed meanwhile`);
    }
    return (await this.#existing(id)) as Exemption;
  }

  /** One exemption with its log, its state as of now. */
  async get(id: string): Promise<ExemptionWithEvents> {
    const exemption = await this.#existing(id);
    return {
      ...this.#asOfNow(exemption),
      events: await this.#store.events(id),
    };
  }

  async list(filter: {
    entityRef?: string;
    state?: ExemptionState;
  }): Promise<Exemption[]> {
    const all = await this.#store.list({ entityRef: filter.entityRef });
    return all
      .map(e => this.#asOfNow(e))
      .filter(e => !filter.state || e.state === filter.state);
  }

  /** Approved exemptions in force now (for the results). */
  async active(): Promise<Exemption[]> {
    return this.#store.listActive(this.#now().toISOString());
  }

  /**
   * The scheduled sweep: records `expired` for every exemption past its end
   * and `expiring-soon` once for every approved one ending within
   * EXPIRING_SOON_DAYS days, then tells the listener. Each step is written
   * conditionally, so replicas sweeping at once record it once.
   */
  async sweep(): Promise<{ expired: number; expiringSoon: number }> {
    const now = this.#now();
    const at = now.toISOString();
    let expired = 0;
    let expiringSoon = 0;
    for (const e of await this.#store.listDue(at)) {
      const moved = await this.#store.transition(e.id, {
        from: ['requested', 'approved'],
        to: 'expired',
        event: {
          type: 'expired',
          actor: SYSTEM_ACTOR,
          at,
          comment: `expiry ${e.expiresAt} passed`,
        },
      });
      if (!moved) continue;
      expired += 1;
      await this.#tell('expired', { ...e, state: 'expired' });
    }
    const until = new Date(
      now.getTime() + EXPIRING_SOON_DAYS * DAY_MS,
    ).toISOString();
    for (const e of await this.#store.listEndingSoon(at, until)) {
      const marked = await this.#store.markEndingSoon(e.id, {
        type: 'expiring-soon',
        actor: SYSTEM_ACTOR,
        at,
        comment: `ends ${e.expiresAt}`,
      });
      if (!marked) continue;
      expiringSoon += 1;
      await this.#tell('expiringSoon', e);
    }
    return { expired, expiringSoon };
  }

  async #tell(what: 'expired' | 'expiringSoon', e: Exemption) {
    try {
      await this.#listener[what](e);
    } catch (error) {
      this.#logger?.warn(
        `Exemption listener failed on ${what} of ${e.id}: ${error}`,
      );
    }
  }

  async #existing(id: string): Promise<Exemption> {
    const exemption = await this.#store.get(id);
    if (!exemption) {
      throw new NotFoundError(`No exemption ${id}`);
    }
    return exemption;
  }

  #asOfNow(e: Exemption): Exemption {
    return { ...e, state: stateAt(e, this.#now()) };
  }
}
