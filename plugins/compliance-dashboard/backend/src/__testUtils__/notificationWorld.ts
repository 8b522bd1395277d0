import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { getControl } from '@pbc-portal/pbc-domain';
import { Knex } from 'knex';
import { ComplianceStore } from '../database/ComplianceStore';
import { ClassifiedEvent } from '../domain/events';
import { PbcTarget } from '../domain/pbcs';
import { controlText, PbcComputedResult } from '../domain/results';
import { pbcTarget } from './testTargets';
import {
  carryOver,
  decideAccountStatus,
  refreshOutcome,
} from '../service/refreshRules';
import { NotificationStateStore } from '../notifications/NotificationStateStore';
import { RefreshNotifier } from '../notifications/RefreshNotifier';

/**
 * Test helpers for the notifier: snapshots written through the real store
 * from a short description, and a notification service that records.
 * Not exported from the package.
 */

export const cart = pbcTarget('cart');
export const payment = pbcTarget('payment');

export interface PbcSpec {
  target: PbcTarget;
  score: number | null;
  failing?: string[];
  /** The account could not be read: carried over, flagged stale. */
  stale?: boolean;
}

export class RecordingNotifications {
  sent: NotificationSendOptions[] = [];
  failNext = 0;
  async send(options: NotificationSendOptions): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('notifications backend unavailable');
    }
    this.sent.push(options);
  }
  take(): NotificationSendOptions[] {
    const out = this.sent;
    this.sent = [];
    return out;
  }
}

function computed(spec: PbcSpec): PbcComputedResult {
  const failing = spec.failing ?? [];
  const controls = failing.map(id => ({
    id,
    status: 'failing' as const,
    compliant: 0,
    nonCompliant: 1,
    rules: [],
    ...controlText(getControl(id)),
  }));
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const id of failing) bySeverity[getControl(id).severity] += 1;
  return {
    target: spec.target,
    controls,
    score: spec.score,
    failingBySeverity: bySeverity,
    passingCount: 3,
    failingCount: failing.length,
    insufficientCount: 0,
    nonCompliant: [],
    conformancePackDeployed: true,
  };
}

export function criticalEvent(
  id: string,
  pbcs: string[],
  severity: 'critical' | 'high' = 'critical',
): ClassifiedEvent {
  return {
    eventId: id,
    eventTime: new Date('2026-12-01T10:00:00.000Z'),
    eventName: 'StopLogging',
    eventSource: 'cloudtrail.amazonaws.com',
    accountId: '111111111111',
    region: 'eu-west-1',
    severity,
    reasons: [
      {
        controlId: 'PBC-OBS-01',
        severity,
        why: 'The trail stopped recording',
      },
    ],
    resources: [],
    pbcs,
  };
}

/** A database, the real store, a clock that moves 15 minutes per snapshot. */
export async function createWorld(
  databases: TestDatabases,
  id: TestDatabaseId = 'SQLITE_3',
  knex?: Knex,
) {
  const db = knex ?? (await databases.init(id));
  const database = { getClient: async () => db };
  const store = await ComplianceStore.create({ database });
  let time = new Date('2026-12-01T12:00:00.000Z').getTime();
  const now = () => new Date(time);
  const notifications = new RecordingNotifications();
  const logger = mockServices.logger.mock();

  const makeNotifier = async (threshold = 10) =>
    new RefreshNotifier({
      store,
      state: await NotificationStateStore.create({ database }),
      notifications,
      logger,
      scoreDropThreshold: threshold,
      guidanceBaseUrl: '/docs/default/component/architecture-docs',
      now,
    });

  /** Writes one snapshot as a refresh would and returns its id. */
  const snapshot = async (
    specs: PbcSpec[],
    events: ClassifiedEvent[] = [],
  ): Promise<number> => {
    time += 15 * 60000;
    const current = await store.getCurrentSnapshotId();
    const previous =
      current === undefined
        ? new Map()
        : await store.listPbcResults(
            current,
            specs.map(s => s.target.entityRef),
          );
    const stale = specs
      .filter(s => s.stale)
      .map(s =>
        carryOver(
          {
            target: s.target,
            accountId: s.target.accountId,
            region: s.target.region,
            reason: 'AccessDenied',
          },
          previous.get(s.target.entityRef),
        ),
      );
    const accounts = [
      { accountId: '111111111111', region: 'eu-west-1', state: 'ok' as const },
    ];
    return store.writeSnapshot({
      refreshId: `r${time}`,
      servedRefreshIds: [],
      now: now(),
      fresh: specs.filter(s => !s.stale).map(computed),
      stale,
      events,
      watermarks: [],
      accounts,
      accountStatus: decideAccountStatus(accounts, [], now()),
      partial: stale.length > 0,
      outcome: refreshOutcome(accounts),
      riskySince: new Date(time - 30 * 86400000),
    });
  };

  return {
    db,
    database,
    store,
    notifications,
    logger,
    makeNotifier,
    snapshot,
    now,
    advance: (ms: number) => {
      time += ms;
    },
  };
}
