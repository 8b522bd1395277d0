import { TaggedResource, TrailEvent } from '../aws/types';
import { RiskConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import {
  AccountAttributionIndex,
  ClassifiedEvent,
  classifyEvent,
} from '../domain/events';
import { PbcTarget } from '../domain/pbcs';

/** A CloudTrail API call pushed through EventBridge. */
export interface PushedApiCall {
  accountId: string;
  region: string;
  event: TrailEvent;
}

/**
 * Records pushed CloudTrail events between refreshes: each is attributed
 * and classified exactly as the refresh does with LookupEvents (the caller's
 * `pbc-<name>-role` from the naming contract, and the resources it names,
 * matched against the tagged resources the reader last read), then stored
 * and counted into the current snapshot. No AWS call: the refresh's later
 * LookupEvents read of the same event is deduplicated by its id.
 */
export class PushedEventRecorder {
  readonly #store: Pick<
    ComplianceStore,
    'getCurrentSnapshotId' | 'listPbcRows' | 'addPushedEvents'
  >;
  readonly #risk: RiskConfig;
  readonly #riskyEventDays: number;
  readonly #resourcesOf: (accountId: string) => TaggedResource[];
  readonly #onRecorded: (entityRefs: string[]) => void;
  readonly #now: () => Date;
  /** The current snapshot's PBCs per account, loaded once per snapshot. */
  #targets?: { snapshotId: number; byAccount: Map<string, PbcTarget[]> };

  constructor(options: {
    store: Pick<
      ComplianceStore,
      'getCurrentSnapshotId' | 'listPbcRows' | 'addPushedEvents'
    >;
    risk: RiskConfig;
    riskyEventDays: number;
    /** Tagged resources the reader keeps for an account; none: the caller's role alone attributes. */
    resourcesOf: (accountId: string) => TaggedResource[];
    /** The read side must look again (counts of these PBCs changed). */
    onRecorded: (entityRefs: string[]) => void;
    now?: () => Date;
  }) {
    this.#store = options.store;
    this.#risk = options.risk;
    this.#riskyEventDays = options.riskyEventDays;
    this.#resourcesOf = options.resourcesOf;
    this.#onRecorded = options.onRecorded;
    this.#now = options.now ?? (() => new Date());
  }

  /** Returns the risky events recorded and the PBCs whose counts changed. */
  async record(
    calls: PushedApiCall[],
  ): Promise<{ risky: ClassifiedEvent[]; entityRefs: string[] }> {
    const targets = await this.#targetsByAccount();
    if (!targets) return { risky: [], entityRefs: [] };
    const risky: ClassifiedEvent[] = [];
    const indexes = new Map<string, AccountAttributionIndex>();
    for (const call of calls) {
      const pbcs = targets.get(call.accountId) ?? [];
      if (pbcs.length === 0) continue;
      let index = indexes.get(call.accountId);
      if (!index) {
        index = new AccountAttributionIndex(
          pbcs,
          this.#resourcesOf(call.accountId),
        );
        indexes.set(call.accountId, index);
      }
      const classified = classifyEvent(
        call.event,
        { accountId: call.accountId, region: call.region },
        index,
        this.#risk,
      );
      if (classified && classified.pbcs.length > 0) risky.push(classified);
    }
    if (risky.length === 0) return { risky, entityRefs: [] };
    const now = this.#now();
    const entityRefs = await this.#store.addPushedEvents(
      risky,
      new Date(now.getTime() - this.#riskyEventDays * 86400000),
      now,
    );
    if (entityRefs.length > 0) this.#onRecorded(entityRefs);
    return { risky, entityRefs };
  }

  async #targetsByAccount(): Promise<Map<string, PbcTarget[]> | undefined> {
    const snapshotId = await this.#store.getCurrentSnapshotId();
    if (snapshotId === undefined) return undefined;
    if (this.#targets?.snapshotId !== snapshotId) {
      const byAccount = new Map<string, PbcTarget[]>();
      for (const row of await this.#store.listPbcRows(snapshotId)) {
        const list = byAccount.get(row.accountId) ?? [];
        list.push({
          entityRef: row.entityRef,
          kind: row.kind,
          namespace: row.namespace,
          name: row.name,
          title: row.title,
          pbc: row.pbc,
          accountId: row.accountId,
          region: row.region,
          conformancePack: row.conformancePack,
          pciScope: row.pciScope,
          owner: row.owner,
          system: row.system,
        });
        byAccount.set(row.accountId, list);
      }
      this.#targets = { snapshotId, byAccount };
    }
    return this.#targets.byAccount;
  }
}
