import { LoggerService } from '@backstage/backend-plugin-api';
import { AccountRefreshStatus } from '@pbc-portal/plugin-compliance-dashboard-common';
import { describeAwsError } from '../aws/errors';
import {
  AccountRegion,
  ComplianceReader,
  ConfigReadResult,
} from '../aws/types';
import { ComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import {
  AccountAttributionIndex,
  ClassifiedEvent,
  classifyEvent,
} from '../domain/events';
import { PbcTarget } from '../domain/pbcs';
import { computeAccountResults, PbcComputedResult } from '../domain/results';
import { Clock } from '../util/clock';
import { Semaphore } from '../util/Semaphore';
import {
  carryOver,
  decideAccountStatus,
  refreshOutcome,
  UnreadPbc,
} from './refreshRules';

export interface RefreshOutcome {
  snapshotId: number;
  pbcCount: number;
  accounts: AccountRefreshStatus[];
  events: number;
  awsCalls?: number;
}

interface AccountOutcome {
  accountId: string;
  fresh: PbcComputedResult[];
  unread: UnreadPbc[];
  events: ClassifiedEvent[];
  watermarks: Array<{ accountId: string; region: string; watermark: Date }>;
}

const key = (t: AccountRegion) => `${t.accountId}/${t.region}`;

/**
 * One refresh: the catalog's PBCs, AWS Config and CloudTrail of every
 * account and Region they live in, joined in memory, written as one snapshot.
 *
 * Accounts are read side by side; within an account, Config first (its
 * tagged resources are needed to attribute events), then CloudTrail for all
 * its Regions at once, each limited to the LookupEvents quota. An account
 * whose read fails in any way keeps its last good data, flagged stale, and
 * its CloudTrail watermarks stay where they were.
 */
export class RefreshRunner {
  readonly #store: ComplianceStore;
  readonly #reader: ComplianceReader;
  readonly #config: ComplianceDashboardConfig;
  readonly #logger: LoggerService;
  readonly #loadPbcs: () => Promise<PbcTarget[]>;
  readonly #callCount?: () => number;
  readonly #now: Clock;

  constructor(options: {
    store: ComplianceStore;
    reader: ComplianceReader;
    config: ComplianceDashboardConfig;
    logger: LoggerService;
    loadPbcs: () => Promise<PbcTarget[]>;
    callCount?: () => number;
    now: Clock;
  }) {
    this.#store = options.store;
    this.#reader = options.reader;
    this.#config = options.config;
    this.#logger = options.logger;
    this.#loadPbcs = options.loadPbcs;
    this.#callCount = options.callCount;
    this.#now = options.now;
  }

  async run(options: {
    refreshIds: string[];
    signal?: AbortSignal;
  }): Promise<RefreshOutcome> {
    const now = this.#now;
    const { signal, refreshIds } = options;
    const startedAt = now();
    const callsBefore = this.#callCount?.();

    const pbcs = await this.#loadPbcs();
    if (pbcs.length === 0) {
      // A catalog that answers with nothing (starting, or being rebuilt)
      // must not blank a dashboard that had PBCs.
      const current = await this.#store.getCurrentSnapshotId();
      const previous = current && (await this.#store.getSnapshot(current));
      if (previous && (await this.#store.listPbcRows(current!)).length > 0) {
        throw new Error(
          'The catalog returned no PBC entities; the previous snapshot stays current',
        );
      }
    }
    const byAccount = new Map<string, PbcTarget[]>();
    for (const pbc of pbcs) {
      byAccount.set(pbc.accountId, [
        ...(byAccount.get(pbc.accountId) ?? []),
        pbc,
      ]);
    }

    const statuses = new Map<string, AccountRefreshStatus>();
    for (const [accountId, list] of byAccount) {
      for (const region of this.#regionsOf(list)) {
        statuses.set(key({ accountId, region }), {
          accountId,
          region,
          state: 'pending',
        });
      }
    }
    let lastProgress = 0;
    const progress = async (force = false) => {
      const at = now().getTime();
      if (!force && at - lastProgress < 1000) return;
      lastProgress = at;
      await this.#store
        .updateRefreshProgress(refreshIds, [...statuses.values()], now())
        .catch(error =>
          this.#logger.warn(`Could not record refresh progress: ${error}`),
        );
    };
    await progress(true);

    const watermarks = await this.#store.getWatermarks();
    const readerState = this.#reader.state;
    readerState?.beginRefresh({
      versions: await this.#store.getReaderStateVersions(),
      load: scope => this.#store.getReaderState(scope),
    });
    try {
      return await this.#readAndWrite({
        pbcs,
        byAccount,
        statuses,
        watermarks,
        progress,
        startedAt,
        callsBefore,
        refreshIds,
        signal,
      });
    } catch (error) {
      // The snapshot is not written: neither is what the reader read.
      readerState?.endRefresh({ committed: false });
      throw error;
    }
  }

  async #readAndWrite(options: {
    pbcs: PbcTarget[];
    byAccount: Map<string, PbcTarget[]>;
    statuses: Map<string, AccountRefreshStatus>;
    watermarks: Map<string, Date>;
    progress: () => Promise<void>;
    startedAt: Date;
    callsBefore: number | undefined;
    refreshIds: string[];
    signal?: AbortSignal;
  }): Promise<RefreshOutcome> {
    const now = this.#now;
    const {
      pbcs,
      byAccount,
      statuses,
      watermarks,
      progress,
      startedAt,
      callsBefore,
      refreshIds,
      signal,
    } = options;
    const semaphore = new Semaphore(this.#config.aws.concurrency);
    const outcomes = await Promise.all(
      [...byAccount].map(([accountId, list]) =>
        this.#readAccount({
          accountId,
          pbcs: list,
          regions: this.#regionsOf(list),
          windowEnd: startedAt,
          watermarks,
          semaphore,
          statuses,
          progress,
          signal,
        }),
      ),
    );
    signal?.throwIfAborted();

    const accounts = [...statuses.values()];
    const events = outcomes.flatMap(o => o.events);
    const awsCalls =
      callsBefore === undefined ? undefined : this.#callCount!() - callsBefore;
    const unread = outcomes.flatMap(o => o.unread);
    const current = await this.#store.getCurrentSnapshotId();
    const previous =
      current === undefined || unread.length === 0
        ? new Map()
        : await this.#store.listPbcResults(
            current,
            unread.map(u => u.target.entityRef),
          );
    const stale = unread.map(u =>
      carryOver(u, previous.get(u.target.entityRef)),
    );
    const writtenAt = now();
    const snapshotId = await this.#store.writeSnapshot({
      refreshId: refreshIds[0],
      servedRefreshIds: refreshIds,
      now: writtenAt,
      fresh: outcomes.flatMap(o => o.fresh),
      stale,
      events,
      watermarks: outcomes.flatMap(o => o.watermarks),
      accounts,
      accountStatus: decideAccountStatus(
        accounts,
        await this.#store.listAccountStatus(),
        writtenAt,
      ),
      partial: stale.length > 0 || accounts.some(a => a.state === 'failed'),
      outcome: refreshOutcome(accounts),
      awsCalls,
      riskySince: new Date(
        startedAt.getTime() - this.#config.riskyEventDays * 86400000,
      ),
      readerStates: this.#reader.state?.pendingStates(),
    });
    this.#reader.state?.endRefresh({ committed: true, version: snapshotId });

    const failed = accounts.filter(a => a.state === 'failed');
    this.#logger.info(
      `Compliance refresh wrote snapshot ${snapshotId}: ${pbcs.length} PBCs, ` +
        `${accounts.length - failed.length}/${
          accounts.length
        } account/Region reads ok, ` +
        `${events.length} risky events, ${awsCalls ?? '?'} AWS calls`,
    );
    for (const account of failed) {
      this.#logger.warn(
        `Compliance refresh could not read ${account.accountId}/${account.region}: ${account.error}`,
      );
    }
    return {
      snapshotId,
      pbcCount: pbcs.length,
      accounts,
      events: events.length,
      awsCalls,
    };
  }

  #regionsOf(pbcs: PbcTarget[]): string[] {
    return [
      ...new Set([...pbcs.map(p => p.region), ...this.#config.aws.regions]),
    ].sort();
  }

  async #readAccount(options: {
    accountId: string;
    pbcs: PbcTarget[];
    regions: string[];
    windowEnd: Date;
    watermarks: Map<string, Date>;
    semaphore: Semaphore;
    statuses: Map<string, AccountRefreshStatus>;
    progress: () => Promise<void>;
    signal?: AbortSignal;
  }): Promise<AccountOutcome> {
    const { accountId, pbcs, regions, statuses, signal } = options;
    const fail = (region: string, error: unknown) => {
      const status = statuses.get(key({ accountId, region }))!;
      status.state = 'failed';
      status.error = describeAwsError(error);
    };

    // Config, Region by Region under the shared concurrency limit.
    const reads: ConfigReadResult[] = [];
    await Promise.all(
      regions.map(region =>
        options.semaphore.run(async () => {
          signal?.throwIfAborted();
          try {
            const read = await this.#reader.readConfig(
              { accountId, region },
              { signal },
            );
            reads.push(read);
            if (read.readMode) {
              statuses.get(key({ accountId, region }))!.configRead =
                read.readMode;
            }
          } catch (error) {
            if (signal?.aborted) throw error;
            fail(region, error);
          }
          await options.progress();
        }),
      ),
    );

    // CloudTrail only for an account whose Config read is complete: events
    // are attributed with its resources.
    const events: ClassifiedEvent[] = [];
    const watermarks: AccountOutcome['watermarks'] = [];
    let fresh: PbcComputedResult[] = [];
    if (reads.length === regions.length) {
      // Scored now, so that the raw evaluations can go before the (long,
      // rate-limited) CloudTrail read.
      fresh = computeAccountResults(pbcs, reads);
      const index = new AccountAttributionIndex(
        pbcs,
        reads.flatMap(r => r.resources),
      );
      reads.length = 0;
      await Promise.all(
        regions.map(async region => {
          const target = { accountId, region };
          const status = statuses.get(key(target))!;
          const window = this.#window(
            options.watermarks.get(key(target)),
            options.windowEnd,
          );
          const found: ClassifiedEvent[] = [];
          try {
            const result = await this.#reader.readCloudTrail(
              target,
              window,
              page => {
                for (const event of page) {
                  const classified = classifyEvent(
                    event,
                    target,
                    index,
                    this.#config.risk,
                  );
                  if (classified) found.push(classified);
                }
              },
              { signal },
            );
            events.push(...found);
            watermarks.push({ accountId, region, watermark: window.end });
            status.cloudTrailEvents = result.events;
          } catch (error) {
            if (signal?.aborted) throw error;
            fail(region, error);
          }
          await options.progress();
        }),
      );
    }

    const regionStatuses = regions.map(
      region => statuses.get(key({ accountId, region }))!,
    );
    for (const status of regionStatuses) {
      if (status.state === 'pending') status.state = 'ok';
    }
    const failed = regionStatuses.filter(s => s.state === 'failed');
    if (failed.length > 0) {
      // Nothing of a half-read account is kept: its PBCs stay on their last
      // good data and its CloudTrail windows are read again next time.
      const first = failed[0];
      return {
        accountId,
        fresh: [],
        unread: pbcs.map(target => ({
          target,
          accountId,
          region: first.region,
          reason: first.error ?? 'read failed',
        })),
        events: [],
        watermarks: [],
      };
    }
    return {
      accountId,
      fresh,
      unread: [],
      events,
      watermarks,
    };
  }

  #window(watermark: Date | undefined, end: Date): { start: Date; end: Date } {
    const { backfillDays, overlapMinutes } = this.#config.cloudTrail;
    const earliest = end.getTime() - backfillDays * 86400000;
    const start = watermark
      ? Math.max(earliest, watermark.getTime() - overlapMinutes * 60000)
      : earliest;
    return { start: new Date(start), end };
  }
}
