import {
  RefreshFailure,
  RefreshStatus,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { ComplianceStore } from '../database/ComplianceStore';
import { Clock } from '../util/clock';
import { loadReadModel, ReadModel } from './readModel';

// Another replica may have flipped the pointer; look at most this often.
const POINTER_CHECK_MS = 2000;

/**
 * The read side's view of the database: the current snapshot's read model
 * (loaded once per snapshot) and the latest failed refresh.
 */
export class CurrentSnapshot {
  readonly #store: ComplianceStore;
  readonly #now: Clock;
  readonly #trendDays: number;
  readonly #riskyEventDays: number;
  #model?: { id: number; model: ReadModel };
  #loading?: Promise<ReadModel | undefined>;
  #pointer?: {
    id: number | undefined;
    failure: RefreshStatus | undefined;
    checkedAt: number;
  };
  /** Called when a new snapshot is loaded (caches of the old one drop). */
  readonly #onChange: () => void;

  constructor(options: {
    store: ComplianceStore;
    now: Clock;
    trendDays: number;
    riskyEventDays: number;
    onChange?: () => void;
  }) {
    this.#store = options.store;
    this.#now = options.now;
    this.#trendDays = options.trendDays;
    this.#riskyEventDays = options.riskyEventDays;
    this.#onChange = options.onChange ?? (() => {});
  }

  /** Look at the database again on the next read (a refresh just ended). */
  invalidate(): void {
    this.#pointer = undefined;
  }

  /** Load the current snapshot again (its rows changed in place: pushed risky events). */
  reload(): void {
    this.#pointer = undefined;
    this.#model = undefined;
  }

  async model(): Promise<ReadModel | undefined> {
    const nowMs = this.#now().getTime();
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
    if (!this.#loading) {
      this.#loading = loadReadModel(
        this.#store,
        id,
        this.#trendDays,
        this.#riskyEventDays,
        this.#now(),
      )
        .then(model => {
          if (model) {
            this.#model = { id, model };
            this.#onChange();
          }
          return model;
        })
        .finally(() => {
          this.#loading = undefined;
        });
    }
    return this.#loading;
  }

  /** The latest failed refresh, if it failed after `snapshotCreatedAt`. */
  failureAfter(snapshotCreatedAt?: string): RefreshFailure | undefined {
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
}
