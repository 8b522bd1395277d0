import { randomUUID } from 'node:crypto';
import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  RefreshAccepted,
  RefreshStatus,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { ComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { Clock } from '../util/clock';
import { RefreshOutcome, RefreshRunner } from './RefreshRunner';
import { describeRefreshError } from './refreshErrors';

/** Id of the scheduled refresh task (global: one run per interval per cluster). */
export const REFRESH_TASK_ID = 'compliance-dashboard-refresh';

const MAX_RUNS_PER_INVOCATION = 3;

/**
 * Told about each refresh that wrote a snapshot, after it is current. A
 * listener that throws is logged; the refresh stays succeeded.
 */
export type RefreshListener = (outcome: RefreshOutcome) => Promise<void>;

/**
 * Queues and runs refreshes: the scheduled task's body, manual requests,
 * the failure record of a run that fails as a whole, and retention after.
 */
export class RefreshCoordinator {
  readonly #store: ComplianceStore;
  readonly #runner: RefreshRunner;
  readonly #config: ComplianceDashboardConfig;
  readonly #logger: LoggerService;
  readonly #scheduler?: SchedulerService;
  readonly #now: Clock;
  readonly #onFinished: () => void;
  readonly #listeners: RefreshListener[] = [];

  constructor(options: {
    store: ComplianceStore;
    runner: RefreshRunner;
    config: ComplianceDashboardConfig;
    logger: LoggerService;
    scheduler?: SchedulerService;
    now: Clock;
    /** Called after each run, whatever its outcome (the read side looks again). */
    onFinished: () => void;
  }) {
    this.#store = options.store;
    this.#runner = options.runner;
    this.#config = options.config;
    this.#logger = options.logger;
    this.#scheduler = options.scheduler;
    this.#now = options.now;
    this.#onFinished = options.onFinished;
  }

  /**
   * The scheduled task's body. The scheduler's global lock makes it the only
   * run in the cluster, so anything still marked running was interrupted.
   * Serves every queued request, and runs again (a few times at most) if
   * more were queued meanwhile.
   */
  async runScheduled(signal?: AbortSignal): Promise<RefreshStatus[]> {
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

  /** Adds a listener for completed refreshes (notifications use it). */
  onCompleted(listener: RefreshListener): void {
    this.#listeners.push(listener);
  }

  async #runOnce(ids: string[], signal?: AbortSignal): Promise<RefreshStatus> {
    let outcome: RefreshOutcome | undefined;
    try {
      outcome = await this.#runner.run({ refreshIds: ids, signal });
    } catch (error) {
      const message = describeRefreshError(error);
      // The log keeps the raw error (SQL included); readers get the message.
      this.#logger.error(
        `Compliance refresh ${ids[0]} failed; the previous snapshot stays current: ${message}`,
        error instanceof Error ? error : undefined,
      );
      await this.#store
        .finishRefresh(ids, {
          state: 'failed',
          now: this.#now(),
          error: message.slice(0, 1000),
        })
        .catch(e => this.#logger.error(`Could not record the failure: ${e}`));
      if (signal?.aborted) {
        this.#onFinished();
        throw error;
      }
    }
    this.#onFinished();
    if (outcome) await this.#tellListeners(outcome);
    return (await this.#store.getRefresh(ids[0]))!;
  }

  async #tellListeners(outcome: RefreshOutcome) {
    for (const listener of this.#listeners) {
      try {
        await listener(outcome);
      } catch (error) {
        this.#logger.warn(
          `After refresh ${outcome.snapshotId}: a listener failed: ${error}`,
        );
      }
    }
  }

  async #cleanup() {
    const days = this.#config.retentionDays;
    try {
      await this.#store.cleanup({
        before: new Date(this.#now().getTime() - days * 86400000),
        snapshotsToKeep: this.#config.snapshotsToKeep,
      });
    } catch (error) {
      this.#logger.warn(`Compliance retention cleanup failed: ${error}`);
    }
  }

  /** Queues a refresh and asks the scheduler to run the task now. */
  async request(): Promise<RefreshAccepted> {
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

  async get(id: string): Promise<RefreshStatus> {
    const refresh = await this.#store.getRefresh(id);
    if (!refresh) {
      throw new NotFoundError(`No refresh with id '${id}'`);
    }
    return refresh;
  }
}
